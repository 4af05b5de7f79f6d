package dev.chcdc.ops.check;

/** One result of the pre-flight check: how bad, which part of the system, and what was found (with the fix). */
public record Finding(Severity severity, String area, String message) {
    /** OK: as needed; WARN: works, but against the documented setup; FAIL: the job would not run correctly. */
    public enum Severity {
        OK,
        WARN,
        FAIL
    }

    public static Finding ok(String area, String message) {
        return new Finding(Severity.OK, area, message);
    }

    public static Finding warn(String area, String message) {
        return new Finding(Severity.WARN, area, message);
    }

    public static Finding fail(String area, String message) {
        return new Finding(Severity.FAIL, area, message);
    }
}
