package io.github.rdsiamreplication.paramgroup;

/**
 * A parameter as the group had it before this resource changed it.
 *
 * @param name the parameter
 * @param value its value, or null when the group leaves it unset (the engine default applies)
 * @param engineDefault true when the value comes from the engine default (Source {@code engine-default}
 *     or {@code system}, or no value): Delete then resets it instead of writing a value
 * @param staticParameter true for a static parameter (ApplyType {@code static}: applied at the next reboot)
 */
public record FoundParameter(String name, String value, boolean engineDefault, boolean staticParameter) {
    /** @return the apply method RDS accepts for this parameter */
    public String applyMethod() {
        return staticParameter ? "pending-reboot" : "immediate";
    }
}
