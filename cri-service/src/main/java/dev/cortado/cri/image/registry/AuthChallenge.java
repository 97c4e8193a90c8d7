package dev.cortado.cri.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters.
 *
 * <p>The parser accepts parameters in any order, quoted or token values with escapes, several
 * challenges in one header, and unknown parameters; scheme and parameter names are case-insensitive.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    /** Lower-cases the scheme and copies the parameters. */
    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    /** A parameter by lower-case name, or empty. */
    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** Parses every challenge in {@code header}; malformed tails are ignored, never thrown. */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',' || header.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && isTokenChar(header.charAt(i))) {
                i++;
            }
            if (start == i) {
                i++;
                continue;
            }
            String token = header.substring(start, i);
            int j = i;
            while (j < n && header.charAt(j) == ' ') {
                j++;
            }
            if (j < n && header.charAt(j) == '=' && scheme != null) {
                j++;
                while (j < n && header.charAt(j) == ' ') {
                    j++;
                }
                StringBuilder value = new StringBuilder();
                if (j < n && header.charAt(j) == '"') {
                    j++;
                    while (j < n && header.charAt(j) != '"') {
                        char c = header.charAt(j);
                        if (c == '\\' && j + 1 < n) {
                            c = header.charAt(++j);
                        }
                        value.append(c);
                        j++;
                    }
                    j++;
                } else {
                    while (j < n && header.charAt(j) != ',' && header.charAt(j) != ' ') {
                        value.append(header.charAt(j++));
                    }
                }
                params.put(token.toLowerCase(Locale.ROOT), value.toString());
                i = j;
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
        }
        return out;
    }

    private static boolean isTokenChar(char c) {
        return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={} ".indexOf(c) < 0;
    }
}
