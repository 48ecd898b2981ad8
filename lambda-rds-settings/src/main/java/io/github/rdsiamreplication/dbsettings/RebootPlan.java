package io.github.rdsiamreplication.dbsettings;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pure decision of one poll: what to do next about the instances of one database, from what RDS says
 * about them now. No state is kept between polls (the Provider framework hands every poll the same
 * event, maybe in a fresh container): whether an instance was already rebooted comes from RDS's own
 * event record, so each instance is rebooted at most once per deployment.
 *
 * <p>Rules: wait while any instance is not {@code available} (one reboot at a time, each back to
 * {@code available} before the next); reboot readers first, in identifier order, and the writer last;
 * never reboot an instance that has pending modifications other than parameter-group application
 * unless told to; fail, naming the instance, when an instance already rebooted in this deployment is
 * still {@code pending-reboot}.
 */
public final class RebootPlan {
    private RebootPlan() {
    }

    /** What the poll does. */
    public sealed interface Step permits Wait, Done, Reboot {
    }

    /** @param reason what the poll is waiting for */
    public record Wait(String reason) implements Step {
    }

    /** @param pendingReboot instances still {@code pending-reboot} (left so by policy), empty when in sync */
    public record Done(List<String> pendingReboot) implements Step {
    }

    /** @param identifier the instance to reboot now */
    public record Reboot(String identifier) implements Step {
    }

    /**
     * @param instances the database's instances (one for a DB instance)
     * @param rebootIfPending the reboot policy is {@code if_pending}
     * @param applyOtherPendingChanges the user accepts that a reboot applies other pending modifications
     * @return the next step
     * @throws IllegalStateException when rebooting would loop or apply someone else's change
     */
    public static Step next(List<InstanceState> instances, boolean rebootIfPending, boolean applyOtherPendingChanges) {
        for (InstanceState instance : instances) {
            if (!instance.available()) {
                return new Wait("DB instance " + instance.identifier() + " status " + instance.status());
            }
        }
        List<InstanceState> pending = instances.stream().filter(InstanceState::pendingReboot)
                .sorted(Comparator.comparing(InstanceState::writer).thenComparing(InstanceState::identifier))
                .toList();
        if (pending.isEmpty() || !rebootIfPending) {
            return new Done(pending.stream().map(InstanceState::identifier).toList());
        }
        for (InstanceState instance : pending) {
            if (instance.rebootedThisDeployment()) {
                throw new IllegalStateException("DB instance " + instance.identifier() + " was already rebooted "
                        + "during this deployment and its parameter group is still pending-reboot (status "
                        + instance.status() + "); it is not rebooted again. Check the instance's parameter group "
                        + "and events in the RDS console, then reboot it yourself or deploy again");
            }
        }
        if (!applyOtherPendingChanges) {
            List<InstanceState> blocked = pending.stream().filter(i -> !i.otherPendingChanges().isEmpty()).toList();
            if (!blocked.isEmpty()) {
                throw new IllegalStateException("not rebooting: a reboot would also apply pending modifications "
                        + "that are not this construct's: " + blocked.stream().map(i -> "DB instance "
                        + i.identifier() + " " + i.otherPendingChanges()).collect(Collectors.joining("; "))
                        + ". Apply or cancel them first, reboot yourself in a window you choose, or set "
                        + "applyOtherPendingChanges(true) on IamReplicationAuth to let the reboot apply them");
            }
        }
        return new Reboot(pending.get(0).identifier());
    }
}
