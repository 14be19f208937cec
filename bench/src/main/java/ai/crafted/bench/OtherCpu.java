package ai.crafted.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used on this machine by processes outside the benchmark's own process tree (the
 * generator JVM and everything it started: broker, nginx, services), from Linux {@code /proc}
 * in clock ticks of 1/100 s: a run during which something else was busy is flagged as noisy.
 */
final class OtherCpu {

    private static final double TICKS_PER_SECOND = 100;

    private final long busyTicks;
    private final long ownTicks;
    private final long nanos;

    private OtherCpu(long busyTicks, long ownTicks, long nanos) {
        this.busyTicks = busyTicks;
        this.ownTicks = ownTicks;
        this.nanos = nanos;
    }

    /** A reading now; null when {@code /proc} cannot be read (not Linux). */
    static OtherCpu now() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
            long busy = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]);
            }
            long own = Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
                    .mapToLong(OtherCpu::ticks).sum();
            return new OtherCpu(busy, own, System.nanoTime());
        } catch (Exception e) {
            return null;
        }
    }

    /** utime + stime of one process, 0 when it is gone. */
    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    /** "other processes used 0.42 of 2 cores" since {@code start}, or a note that it is unknown. */
    static String since(OtherCpu start) {
        OtherCpu end = now();
        if (start == null || end == null) {
            return "unknown (no /proc)";
        }
        double seconds = (end.nanos - start.nanos) / 1e9;
        double others = Math.max(0, (end.busyTicks - start.busyTicks) - (end.ownTicks - start.ownTicks)) / TICKS_PER_SECOND / seconds;
        double own = (end.ownTicks - start.ownTicks) / TICKS_PER_SECOND / seconds;
        return String.format("other processes used %.2f of %d cores on average over %.0f s (this benchmark %.2f)", others,
                Runtime.getRuntime().availableProcessors(), seconds, own);
    }
}
