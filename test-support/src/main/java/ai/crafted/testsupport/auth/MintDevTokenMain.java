package ai.crafted.testsupport.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code MintDevTokenMain <subject> <org-id>=<admin|viewer> [...]}: prints a development
 * control-panel token (valid 12 hours) for the local stack. See deploy/local/mint-token.sh.
 */
public final class MintDevTokenMain {

    private MintDevTokenMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: mint-token.sh <subject> <organization-id>=<admin|viewer> [...]");
            System.exit(2);
        }
        Map<String, String> roles = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            if (pair.length != 2 || !(pair[1].equals("admin") || pair[1].equals("viewer"))) {
                System.err.println("expected <organization-id>=<admin|viewer>, got: " + args[i]);
                System.exit(2);
            }
            roles.put(pair[0], pair[1]);
        }
        System.out.println(DevTokens.mint(args[0], roles, Duration.ofHours(12)));
    }
}
