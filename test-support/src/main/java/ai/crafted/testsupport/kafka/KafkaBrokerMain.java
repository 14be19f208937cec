package ai.crafted.testsupport.kafka;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the broker for the local stack: {@code KafkaBrokerMain <port> <work-dir>}. Prints the
 * broker's pid once it is ready and returns, leaving the broker running; the stop script kills
 * that pid.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <port> <work-dir>");
            System.exit(2);
        }
        Path workDir = Path.of(args[1]);
        Files.createDirectories(workDir);
        KafkaBroker broker = KafkaBroker.start(workDir, Integer.parseInt(args[0]));
        Files.writeString(workDir.resolve("kafka.pid"), Long.toString(broker.pid()));
        System.out.println(broker.pid());
        // Do not close: the broker is a separate process that must keep running.
        System.exit(0);
    }
}
