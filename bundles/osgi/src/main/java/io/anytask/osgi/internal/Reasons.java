package io.anytask.osgi.internal;

import org.osgi.service.component.ComponentConstants;

/** Words for SCR's deactivation reasons, for log lines and for the errors of calls a closing client fails. */
final class Reasons {
    private Reasons() {
    }

    /**
     * @param reason one of {@code ComponentConstants.DEACTIVATION_REASON_*}
     * @param pid    the component's configuration
     * @return why the component ends, such as {@code configuration io.anytask.client~hasher changed}
     */
    static String describe(int reason, String pid) {
        return switch (reason) {
            case ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_MODIFIED -> "configuration " + pid + " changed";
            case ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED -> "configuration " + pid + " deleted";
            case ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED -> "bundle io.anytask.osgi stopped";
            case ComponentConstants.DEACTIVATION_REASON_DISABLED -> "component disabled";
            case ComponentConstants.DEACTIVATION_REASON_REFERENCE -> "a reference went away";
            default -> "component " + pid + " deactivated";
        };
    }
}
