package check;

/** Compiles without a warning: only the test sources of this project break the rule. */
final class Clean {
    private Clean() {
    }
}
