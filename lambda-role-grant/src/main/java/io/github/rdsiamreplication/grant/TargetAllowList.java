package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The grants resources this handler may serve, as the constructs deployed them ({@link AllowedTargets}):
 * a Create or Update whose stack, logical id and properties are not, together, one of them is refused
 * before the admin secret is read or any connection opened. So whoever may invoke the Lambda can neither
 * point the admin password at another server or weaken its TLS, nor choose the users, the grant or the
 * database: at most replay what a deployment asked for. (A Delete is checked against its signed physical
 * id instead, {@link PhysicalIds}: CloudFormation may send it after the list lost the resource.)
 */
final class TargetAllowList {
    /** The property CloudFormation adds to every custom resource's properties; not the construct's. */
    static final String SERVICE_TOKEN = "ServiceToken";

    /** One deployed grants resource: its stack, logical id and properties, compared whole. */
    record Deployed(String stackId, String logicalResourceId, Map<?, ?> properties) {
    }

    private final Set<Deployed> resources;

    private TargetAllowList(Set<Deployed> resources) {
        this.resources = resources;
    }

    /**
     * Reads the allow-list afresh: the construct rewrites the secret whenever a construct is added or
     * changed, while the function (and a warm container) may stay as it was.
     *
     * @param environment how to read an environment variable ({@code System::getenv} in Lambda)
     * @param secrets reads the allow-list secret named in {@link AllowedTargets#SECRET_VARIABLE}
     * @return the allow-list in that secret
     * @throws IllegalStateException when the variable is missing, or the secret unreadable or malformed: the
     *     handler then serves nothing
     */
    static TargetAllowList fromSecret(Function<String, String> environment, SecretStringReader secrets) {
        String secretArn = environment.apply(AllowedTargets.SECRET_VARIABLE);
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalStateException(AllowedTargets.SECRET_VARIABLE + " is not set, so this handler "
                    + "serves no database: it only acts for the targets its IamReplicationAuth constructs list in "
                    + "the secret that variable names. Deploy it through IamReplicationAuth (which sets both); to run "
                    + "it by hand, name a secret holding a JSON array of " + AllowedTargets.ENTRY_SHAPE + " objects");
        }
        String json;
        try {
            json = secrets.secretString(secretArn, SecretUnreadableException.ALLOW_LIST_SECRET);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The allow-list secret " + secretArn + " (" + AllowedTargets.SECRET_VARIABLE
                    + ") could not be read, so this handler serves no database. " + e.getMessage(), e);
        }
        if (json == null) {
            throw malformed("it has no SecretString");
        }
        return parse(json);
    }

    /**
     * @param json the allow-list secret's value
     * @return the resources it lists
     * @throws IllegalStateException naming the secret when the value is not such a JSON array
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
        Set<Deployed> resources = new HashSet<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry)) {
                throw malformed("an entry is not a JSON object");
            }
            if (!(entry.get(AllowedTargets.PROPERTIES) instanceof Map<?, ?> properties) || properties.isEmpty()) {
                throw malformed("an entry has no object member \"" + AllowedTargets.PROPERTIES + "\"");
            }
            resources.add(new Deployed(member(entry, AllowedTargets.STACK_ID),
                    member(entry, AllowedTargets.LOGICAL_RESOURCE_ID), properties));
        }
        return new TargetAllowList(resources);
    }

    /**
     * @param event the custom-resource event (a Create or Update) as it arrived
     * @throws InvalidRequestException when its stack, logical id and properties (all but
     *     {@value #SERVICE_TOKEN}) are not, together, a resource the constructs deployed
     */
    void check(Map<String, Object> event) {
        Map<Object, Object> properties = new LinkedHashMap<>();
        if (event.get("ResourceProperties") instanceof Map<?, ?> given) {
            properties.putAll(given);
        }
        properties.remove(SERVICE_TOKEN);
        Object stackId = event.get("StackId");
        Object logicalId = event.get("LogicalResourceId");
        if (!(stackId instanceof String stack && logicalId instanceof String logical
                && resources.contains(new Deployed(stack, logical, properties)))) {
            throw new InvalidRequestException("refused before reading the admin secret: resource " + logicalId
                    + " of stack " + stackId + " with these properties (SecretArn " + properties.get("SecretArn")
                    + ", Host " + properties.get("Host") + ", Port "
                    + properties.get("Port") + ", SslMode " + properties.get("SslMode") + ", Users "
                    + properties.get("Users") + ") is not one of the " + resources.size() + " resource(s) the "
                    + "constructs deployed for this handler (the allow-list secret named in "
                    + AllowedTargets.SECRET_VARIABLE + "): the handler acts only for its own IamReplicationAuth "
                    + "resources, exactly as the last deployment wrote them. Remove any property override or "
                    + "Aspect that changes the grants resource; an event sent by anyone but CloudFormation is "
                    + "refused on purpose");
        }
    }

    /** @return how many resources are allowed */
    int size() {
        return resources.size();
    }

    private static String member(Map<?, ?> entry, String name) {
        if (entry.get(name) instanceof String text && !text.isBlank()) {
            return text;
        }
        throw malformed("an entry has no string member \"" + name + "\"");
    }

    private static IllegalStateException malformed(String why) {
        return new IllegalStateException("The allow-list secret (" + AllowedTargets.SECRET_VARIABLE + ") is malformed ("
                + why + "), so this handler serves no database; redeploy it through IamReplicationAuth, which "
                + "writes a JSON array of " + AllowedTargets.ENTRY_SHAPE + " objects");
    }
}
