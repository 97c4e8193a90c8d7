package check;

import java.util.ArrayList;
import java.util.List;

/** Uses a raw type, which javac only warns about: under -Werror the build must refuse this file. */
final class RawList {
    private final List names = new ArrayList<String>();
}
