package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The targets this handler may serve, as the constructs deployed them ({@link AllowedTargets}): an event
 * whose secret, host, port and TLS mode are not one of them is refused before any secret is read or any
 * connection opened, so whoever may invoke the Lambda cannot point the admin password at another server
 * or weaken its TLS.
 */
final class TargetAllowList {
    /** One deployed target; the host compared without case (DNS names are case-insensitive). */
    record Target(String secretArn, String host, int port, SslMode sslMode) {
        Target {
            host = host.toLowerCase(Locale.ROOT);
        }

        // equals and hashCode are written out: a record's generated ones link through
        // java.lang.runtime.ObjectMethods on first use, about 25 ms of a cold start (this set is hashed on every
        // event, before the secret is read).
        @Override
        public boolean equals(Object other) {
            return other instanceof Target that && port == that.port && sslMode == that.sslMode
                    && secretArn.equals(that.secretArn) && host.equals(that.host);
        }

        @Override
        public int hashCode() {
            return Objects.hash(secretArn, host, port, sslMode);
        }

        @Override
        public String toString() {
            return "SecretArn " + secretArn + " on " + host + ":" + port + " with SslMode " + sslMode.propertyValue();
        }
    }

    private final Set<Target> targets;

    private TargetAllowList(Set<Target> targets) {
        this.targets = Set.copyOf(targets);
    }

    /**
     * @param environment how to read an environment variable ({@code System::getenv} in Lambda)
     * @return the allow-list in {@link AllowedTargets#ENVIRONMENT_VARIABLE}
     * @throws IllegalStateException when the variable is missing or malformed: the handler then serves nothing
     */
    static TargetAllowList fromEnvironment(Function<String, String> environment) {
        String json = environment.apply(AllowedTargets.ENVIRONMENT_VARIABLE);
        if (json == null || json.isBlank()) {
            throw new IllegalStateException(AllowedTargets.ENVIRONMENT_VARIABLE + " is not set, so this handler "
                    + "serves no database: it only acts for the targets its IamReplicationAuth constructs list "
                    + "there. Deploy it through IamReplicationAuth (which sets the variable); to run it by hand, set "
                    + "the variable to a JSON array of " + AllowedTargets.ENTRY_SHAPE + " objects");
        }
        return parse(json);
    }

    /**
     * @param json the variable's value
     * @return the targets it lists
     * @throws IllegalStateException naming the variable when the value is not such a JSON array
     */
    static TargetAllowList parse(String json) {
        Object value;
        try {
            value = JsonValues.toJava(json);
        } catch (IOException | RuntimeException e) {
            throw malformed("it is not well-formed JSON");
        }
        if (!(value instanceof List<?> list)) {
            throw malformed("it is not a JSON array");
        }
        Set<Target> targets = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry)) {
                throw malformed("an entry is not a JSON object");
            }
            targets.add(new Target(member(entry, AllowedTargets.SECRET_ARN), member(entry, AllowedTargets.HOST),
                    port(member(entry, AllowedTargets.PORT)), sslMode(member(entry, AllowedTargets.SSL_MODE))));
        }
        return new TargetAllowList(targets);
    }

    /**
     * @param properties the event's properties
     * @throws InvalidRequestException when their secret, host, port and TLS mode are not a deployed target
     */
    void check(GrantProperties properties) {
        Target asked = new Target(properties.secretArn(), properties.host(), properties.port(), properties.sslMode());
        if (!targets.contains(asked)) {
            throw new InvalidRequestException("refused before reading any secret: " + asked + " is not one of the "
                    + targets.size() + " target(s) the constructs deployed for this handler (environment variable "
                    + AllowedTargets.ENVIRONMENT_VARIABLE + "). The handler acts only for its own "
                    + "IamReplicationAuth resources through CloudFormation; if this resource's construct was "
                    + "removed from the stack, or moved to another endpoint, while the handler stays, the handler "
                    + "no longer lists its old target and its grants there stay in place: undo them by hand (the "
                    + "ledger lists them), or give the construct removalPolicy RETAIN before such a change");
        }
    }

    /** @return how many targets are allowed */
    int size() {
        return targets.size();
    }

    private static String member(Map<?, ?> entry, String name) {
        if (entry.get(name) instanceof String text && !text.isBlank()) {
            return text;
        }
        throw malformed("an entry has no string member \"" + name + "\"");
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw malformed("an entry's \"" + AllowedTargets.PORT + "\" is '" + text + "', not a number");
        }
    }

    private static SslMode sslMode(String text) {
        try {
            return SslMode.fromPropertyValue(text);
        } catch (IllegalArgumentException e) {
            throw malformed("an entry's " + e.getMessage());
        }
    }

    private static IllegalStateException malformed(String why) {
        return new IllegalStateException(AllowedTargets.ENVIRONMENT_VARIABLE + " is malformed (" + why + "), so "
                + "this handler serves no database; redeploy it through IamReplicationAuth, which writes a JSON "
                + "array of " + AllowedTargets.ENTRY_SHAPE + " objects");
    }
}
