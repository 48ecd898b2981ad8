package io.github.rdsiamreplication.dbsettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

/**
 * The pending modifications of a DB instance that a reboot would apply besides its parameter group
 * (whose status is not part of {@code PendingModifiedValues}): every field RDS reports, so that new
 * kinds of change are covered too. A pending switch-on of IAM database authentication is this
 * construct's own change and is not listed; a new master password is named without its value.
 */
public final class PendingChanges {
    private PendingChanges() {
    }

    /**
     * @param pending the instance's {@code PendingModifiedValues}, or null
     * @return one entry per pending change, e.g. {@code DBInstanceClass=db.r6g.large}
     */
    public static List<String> of(PendingModifiedValues pending) {
        List<String> changes = new ArrayList<>();
        if (pending == null) {
            return changes;
        }
        for (SdkField<?> field : pending.sdkFields()) {
            Object value = field.getValueOrDefault(pending);
            if (isEmpty(value)) {
                continue;
            }
            String name = field.locationName();
            if ("IAMDatabaseAuthenticationEnabled".equals(name) && Boolean.TRUE.equals(value)) {
                continue;
            }
            changes.add(name.toLowerCase(Locale.ROOT).contains("password") ? name + " (a new value)"
                    : name + "=" + value);
        }
        return changes;
    }

    /** Null, an empty list, or a structure with nothing in it (RDS may send empty elements). */
    private static boolean isEmpty(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(PendingChanges::isEmpty);
        }
        if (value instanceof SdkPojo pojo) {
            return pojo.sdkFields().stream().allMatch(f -> isEmpty(f.getValueOrDefault(pojo)));
        }
        return false;
    }
}
