package check;

import java.io.StringReader;

/** A try-with-resources variable never read (lint "try"): under -Werror the test build must refuse it. */
final class UnusedResourceTest {
    void holds() throws Exception {
        try (StringReader reader = new StringReader("")) {
            Thread.onSpinWait();
        }
    }
}
