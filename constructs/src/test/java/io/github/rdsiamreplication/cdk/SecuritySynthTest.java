package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.SslMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;

/** What synth refuses or warns about so that the construct cannot widen a grant or expose the password. */
class SecuritySynthTest {
    private static final List<String> WIDENING = List.of("*", "cdc*", "cdc?", "cdc_${aws:username}");

    @Test
    void replicationUsersThatIamReadsAsWildcardsAreRefused() {
        for (String user : WIDENING) {
            TestStacks t = TestStacks.withPrivateSubnets();
            assertThatThrownBy(() -> t.auth("Repl", t.instance("Db"), "debezium", user).build())
                    .as(user).hasMessageContaining("replicationUsers: replication user name '" + user + "'")
                    .hasMessageContaining("wildcard or policy variable");
        }
    }

    @Test
    void grantConnectRefusesAWildcardUserBeforeLookingItUp() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();
        Role role = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();

        for (String user : WIDENING) {
            assertThatThrownBy(() -> auth.grantConnect(role, user)).as(user)
                    .hasMessageContaining("grantConnect: replication user name '" + user + "'")
                    .hasMessageContaining("rds-db:connect");
        }
    }

    @Test
    void fromAttributesRefusesWildcardUsers() {
        Stack stack = new Stack(new App(), "ConsumerApp");
        for (String user : WIDENING) {
            assertThatThrownBy(() -> IamReplicationAuth.fromAttributes(stack, "Repl" + WIDENING.indexOf(user),
                    IamReplicationAuthAttributes.builder().resourceId("db-ABCDEFGHIJKL0123456789AB")
                            .replicationUsers(List.of("debezium", user)).build()))
                    .as(user).hasMessageContaining("fromAttributes replicationUsers: replication user name '" + user)
                    .hasMessageContaining("wildcard or policy variable");
        }
    }

    @Test
    void requireWarnsThatTheMasterPasswordGoesToWhoeverAnswers() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").sslMode(SslMode.REQUIRE).build();

        Annotations.fromStack(t.stack).hasWarning("/TestStack/Repl", Match.stringLikeRegexp(
                "sslMode REQUIRE .*receives the master password.*VERIFY_FULL.*" + IamReplicationAuth.SSL_REQUIRE_WARNING
                        + ".*"));
    }

    @Test
    void disableWarnsThatThePasswordTravelsInClear() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").sslMode(SslMode.DISABLE).build();

        Annotations.fromStack(t.stack).hasWarning("/TestStack/Repl", Match.stringLikeRegexp(
                "sslMode DISABLE sends the master password .* in clear.*" + IamReplicationAuth.SSL_DISABLE_WARNING
                        + ".*"));
    }

    @Test
    void theWeakTlsWarningCanBeAcknowledgedByItsId() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").sslMode(SslMode.REQUIRE).build();
        software.amazon.awscdk.Annotations.of(auth).acknowledgeWarning(IamReplicationAuth.SSL_REQUIRE_WARNING,
                "self-managed test server");

        Annotations.fromStack(t.stack).hasNoWarning("*", Match.stringLikeRegexp(".*sslMode.*"));
    }

    @Test
    void verifyFullGivesNoTlsWarning() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").sslMode(SslMode.VERIFY_FULL).build();

        Annotations.fromStack(t.stack).hasNoWarning("*", Match.stringLikeRegexp(".*sslMode.*"));
    }
}
