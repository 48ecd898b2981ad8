package io.github.rdsiamreplication.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Options for every Lambda function the construct deploys: the role-grant handler, the RDS API
 * handlers and the CDK Provider framework functions in front of them. Those are shared by all
 * {@link IamReplicationAuth} constructs of a stack (the role-grant handler: of a stack and network
 * placement), so constructs that share them must pass equal options. Immutable; build with
 * {@link #builder()}.
 */
public final class HandlerOptions {
    private final RetentionDays logRetention;
    private final Architecture architecture;
    private final int memorySize;
    private final List<ISecurityGroup> securityGroups;
    private final IRole role;
    private final IManagedPolicy permissionsBoundary;

    private HandlerOptions(Builder b) {
        this.logRetention = b.logRetention;
        this.architecture = b.architecture;
        this.memorySize = b.memorySize;
        this.securityGroups = b.securityGroups == null ? List.of() : List.copyOf(b.securityGroups);
        this.role = b.role;
        this.permissionsBoundary = b.permissionsBoundary;
    }

    /** @return a new builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the options with every default */
    public static HandlerOptions defaults() {
        return builder().build();
    }

    /**
     * How long the functions' logs are kept, in one {@code LogGroup} per function (and one for the
     * Provider framework functions). Default: {@link RetentionDays#ONE_YEAR}.
     *
     * @return the log retention
     */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * Instruction set of all the functions. The Java handlers are platform-independent bytecode with no
     * layer and no native code, and the framework functions are Node.js, so both run on either.
     * {@code X86_64} is the default because it is Lambda's own default, offered wherever Lambda runs, and
     * the handlers run a few seconds per deployment, so Graviton's lower price per GB-second saves almost
     * nothing; keeping it also leaves functions deployed by earlier versions unchanged.
     * Default: {@link Architecture#X86_64}.
     *
     * @return the architecture
     */
    public Architecture getArchitecture() {
        return architecture;
    }

    /**
     * Memory of the Java handlers in MB (the Provider framework functions keep the CDK's size).
     * Default: 512.
     *
     * @return the memory size
     */
    public int getMemorySize() {
        return memorySize;
    }

    /**
     * Security groups of the role-grant handler (the only function in the VPC), used instead of the one
     * the construct creates. The construct opens the database port from them to the database; they must
     * allow HTTPS out to Secrets Manager themselves. Default: empty, the construct creates a group that
     * allows only HTTPS out (Secrets Manager) and the database port to the database's security groups.
     *
     * @return the security groups
     */
    public List<ISecurityGroup> getSecurityGroups() {
        return new ArrayList<>(securityGroups);
    }

    /**
     * Execution role of the Java handlers instead of one role each. The construct adds its least-privilege
     * statements to it (a {@code Role} of this app, or one imported with {@code mutable(true)}; an immutable
     * role gets nothing added and must already carry them), and it must carry the Lambda logging and
     * VPC-access permissions itself. The Provider framework functions keep the roles the CDK makes for them:
     * their role may invoke the handlers, so sharing the handlers' role would make a dependency cycle.
     * Default: null, one role per function made by the CDK.
     *
     * @return the role
     */
    public IRole getRole() {
        return role;
    }

    /**
     * Permissions boundary for the roles the construct creates. The shared functions live at the stack's
     * top, so a {@code PermissionsBoundary.of(stack)} covers them already; a boundary applied only to
     * a construct below the stack does not, so pass it here. Default: null (the stack's, if any).
     *
     * @return the permissions boundary
     */
    public IManagedPolicy getPermissionsBoundary() {
        return permissionsBoundary;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HandlerOptions o && logRetention == o.logRetention
                && architecture.getName().equals(o.architecture.getName()) && memorySize == o.memorySize
                && sameConstructs(securityGroups, o.securityGroups) && role == o.role
                && permissionsBoundary == o.permissionsBoundary;
    }

    private static boolean sameConstructs(List<ISecurityGroup> a, List<ISecurityGroup> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(logRetention, architecture.getName(), memorySize, securityGroups.size());
    }

    @Override
    public String toString() {
        return "HandlerOptions[logRetention=" + logRetention + ", architecture=" + architecture.getName()
                + ", memorySize=" + memorySize + ", securityGroups=" + securityGroups.size()
                + ", role=" + (role != null) + ", permissionsBoundary=" + (permissionsBoundary != null) + "]";
    }

    /** Builds {@link HandlerOptions}. */
    public static final class Builder {
        private RetentionDays logRetention = RetentionDays.ONE_YEAR;
        private Architecture architecture = Architecture.X86_64;
        private int memorySize = 512;
        private List<ISecurityGroup> securityGroups;
        private IRole role;
        private IManagedPolicy permissionsBoundary;

        private Builder() {
        }

        /**
         * @param logRetention log retention. Default: ONE_YEAR
         * @return this
         */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * @param architecture X86_64 or ARM_64. Default: X86_64
         * @return this
         */
        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * @param memorySize Java handler memory in MB. Default: 512
         * @return this
         */
        public Builder memorySize(int memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        /**
         * @param securityGroups the role-grant handler's groups. Default: one created
         * @return this
         */
        public Builder securityGroups(List<? extends ISecurityGroup> securityGroups) {
            this.securityGroups = securityGroups == null ? null : new ArrayList<>(securityGroups);
            return this;
        }

        /**
         * @param role execution role of the Java handlers. Default: one per function
         * @return this
         */
        public Builder role(IRole role) {
            this.role = role;
            return this;
        }

        /**
         * @param permissionsBoundary boundary for the roles created. Default: the stack's
         * @return this
         */
        public Builder permissionsBoundary(IManagedPolicy permissionsBoundary) {
            this.permissionsBoundary = permissionsBoundary;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException when a value is missing or out of Lambda's range
         */
        public HandlerOptions build() {
            if (logRetention == null || architecture == null) {
                throw new IllegalArgumentException("HandlerOptions: logRetention and architecture cannot be null; "
                        + "leave them unset for ONE_YEAR and X86_64");
            }
            if (memorySize < 256 || memorySize > 10240) {
                throw new IllegalArgumentException("HandlerOptions: memorySize " + memorySize + " MB is outside "
                        + "256-10240: the Java handlers need at least 256 MB to start; Lambda allows up to 10240");
            }
            return new HandlerOptions(this);
        }
    }
}
