package ai.crafted.integrations.credential;

import java.util.List;

public record CredentialPage(List<CredentialView> items, int page, int size, long total) {
}
