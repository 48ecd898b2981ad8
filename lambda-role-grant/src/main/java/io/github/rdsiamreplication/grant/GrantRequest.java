package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.lambdakit.RequestType;

/**
 * One custom-resource event, parsed.
 *
 * @param type Create, Update or Delete
 * @param stackId the stack's ARN
 * @param logicalResourceId the resource's logical id in the template
 * @param physicalResourceId the id CloudFormation knows the resource by; null on Create
 * @param properties the (new) resource properties
 * @param oldProperties the previous properties on Update, else null
 */
public record GrantRequest(RequestType type, String stackId, String logicalResourceId, String physicalResourceId,
        GrantProperties properties, GrantProperties oldProperties) {
}
