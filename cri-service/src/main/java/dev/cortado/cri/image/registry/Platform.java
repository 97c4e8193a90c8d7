package dev.cortado.cri.image.registry;

import java.util.Locale;

/**
 * An OS/architecture/variant triple as in an OCI index entry, normalised like containerd's
 * {@code platforms.Normalize} ({@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}).
 */
public record Platform(String os, String architecture, String variant) {
    /** The platform this runtime pulls for. */
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

    /** Normalises case, architecture aliases and default variants. */
    public Platform {
        os = os == null ? "" : os.toLowerCase(Locale.ROOT);
        architecture = normaliseArch(architecture == null ? "" : architecture.toLowerCase(Locale.ROOT));
        variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        if (architecture.equals("arm64") && variant.equals("v8")) {
            variant = "";
        }
    }

    /**
     * How well {@code candidate} serves this platform: negative when it cannot run here, else a
     * rank where higher is better (the exact variant beats no variant beats an older variant).
     */
    public int score(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return -1;
        }
        if (variant.equals(candidate.variant)) {
            return 100;
        }
        if (candidate.variant.isEmpty()) {
            return 50;
        }
        if (variant.isEmpty()) {
            // amd64 v1 is plain amd64; higher micro-architecture levels may need CPU features we do not check
            return candidate.variant.equals("v1") ? 40 : -1;
        }
        int wanted = level(variant);
        int offered = level(candidate.variant);
        return wanted > 0 && offered > 0 && offered <= wanted ? 10 + offered : -1;
    }

    private static int level(String v) {
        return v.matches("v[0-9]+") ? Integer.parseInt(v.substring(1)) : -1;
    }

    private static String normaliseArch(String arch) {
        switch (arch) {
            case "x86_64":
            case "x86-64":
                return "amd64";
            case "aarch64":
                return "arm64";
            default:
                return arch;
        }
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
