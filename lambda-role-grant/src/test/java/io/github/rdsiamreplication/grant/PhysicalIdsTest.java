package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.IdKeySecret;
import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.SslMode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Signed physical ids, alone: format, what is signed, what is not, and the key's own checks. */
class PhysicalIdsTest {
    private static final String STACK = Events.STACK_ID;
    private static final IdKey KEY = Events.ID_KEY;

    private static GrantProperties props() {
        return new GrantProperties("db.example.com", 5432, "postgres", Events.SECRET_ARN, List.of("debezium"), true,
                ReplicationGrant.RDS_REPLICATION, SslMode.VERIFY_FULL, true, true);
    }

    private static GrantProperties with(UnaryOperator<GrantProperties> change) {
        return change.apply(props());
    }

    @Test
    void theIdNamesTheEndpointAndCarriesA128BitTag() {
        assertThat(PhysicalIds.of(KEY, STACK, "Grants", props()))
                .matches("rds-iam-replication:db\\.example\\.com:5432:[0-9a-f]{32}");
        assertThat(PhysicalIds.of(KEY, STACK, "Grants", props())).isEqualTo(PhysicalIds.of(KEY, STACK, "Grants", props()));
    }

    @Test
    void everySignedPartChangesTheTag() {
        Set<String> ids = new HashSet<>();
        ids.add(PhysicalIds.of(KEY, STACK, "Grants", props()));
        ids.add(PhysicalIds.of(KEY, STACK + "x", "Grants", props()));
        ids.add(PhysicalIds.of(KEY, STACK, "Grants2", props()));
        ids.add(PhysicalIds.of(KEY, STACK, "Grants", with(p -> new GrantProperties("db2.example.com", p.port(),
                p.database(), p.secretArn(), p.users(), p.createUsers(), p.replicationGrant(), p.sslMode(), p.enabled(),
                p.undoOnDelete()))));
        ids.add(PhysicalIds.of(KEY, STACK, "Grants", with(p -> new GrantProperties(p.host(), 5433, p.database(),
                p.secretArn(), p.users(), p.createUsers(), p.replicationGrant(), p.sslMode(), p.enabled(),
                p.undoOnDelete()))));
        ids.add(PhysicalIds.of(KEY, STACK, "Grants", with(p -> new GrantProperties(p.host(), p.port(), p.database(),
                p.secretArn() + "-other", p.users(), p.createUsers(), p.replicationGrant(), p.sslMode(), p.enabled(),
                p.undoOnDelete()))));
        ids.add(PhysicalIds.of(KEY, STACK, "Grants", with(p -> new GrantProperties(p.host(), p.port(), p.database(),
                p.secretArn(), p.users(), p.createUsers(), p.replicationGrant(), SslMode.REQUIRE, p.enabled(),
                p.undoOnDelete()))));
        ids.add(PhysicalIds.of(KEY, STACK, "Grants", with(p -> new GrantProperties(p.host(), p.port(), p.database(),
                p.secretArn(), p.users(), p.createUsers(), p.replicationGrant(), p.sslMode(), p.enabled(), false))));
        ids.add(PhysicalIds.of(IdKey.of(Events.ID_KEY_VALUE + "2"), STACK, "Grants", props()));

        assertThat(ids).hasSize(9);
    }

    @Test
    void whatAnUpdateMayChangeInPlaceIsNotSigned() {
        String id = PhysicalIds.of(KEY, STACK, "Grants", props());
        GrantProperties others = new GrantProperties("db.example.com", 5432, "other_db", Events.SECRET_ARN,
                List.of("analytics", "debezium"), false, ReplicationGrant.ALTER_ROLE, SslMode.VERIFY_FULL, false, true);

        assertThat(PhysicalIds.of(KEY, STACK, "Grants", others)).isEqualTo(id);
    }

    /** Each part is length-prefixed: moving a character from one part to the next gives other bytes. */
    @Test
    void theSignedEncodingIsUnambiguous() {
        assertThat(PhysicalIds.canonical("stack:a", "b", props())).isNotEqualTo(PhysicalIds.canonical("stack", ":ab",
                props()));
        assertThat(PhysicalIds.canonical("stack", "ab", props())).isNotEqualTo(PhysicalIds.canonical("stacka", "b",
                props()));
        assertThat(PhysicalIds.of(KEY, "stack/a", "b", props())).isNotEqualTo(PhysicalIds.of(KEY, "stack", "a/b",
                props()));
    }

    @Test
    void onlyTheExactIdIsAccepted() {
        String id = PhysicalIds.of(KEY, STACK, "Grants", props());

        assertThat(PhysicalIds.isTheIdOf(KEY, STACK, "Grants", props(), id)).isTrue();
        assertThat(PhysicalIds.isTheIdOf(KEY, STACK, "Grants", props(), id + "0")).isFalse();
        assertThat(PhysicalIds.isTheIdOf(KEY, STACK, "Grants", props(), id.toUpperCase(java.util.Locale.ROOT)))
                .isFalse();
        assertThat(PhysicalIds.isTheIdOf(KEY, STACK, "Grants", props(), null)).isFalse();
        assertThat(PhysicalIds.isTheIdOf(KEY, STACK, "Other", props(), id)).isFalse();
    }

    @Test
    void aShortOrMissingKeyIsRefusedWithoutShowingIt() {
        String almost = "s3cr3t".repeat(5); // 30 characters
        assertThatThrownBy(() -> IdKey.of(almost)).hasMessageContaining("fewer than " + IdKeySecret.MIN_LENGTH)
                .hasMessageNotContaining(almost);
        assertThatThrownBy(() -> IdKey.of(null)).hasMessageContaining("no SecretString");
        assertThat(IdKey.of(almost + "!!")).isNotNull();
        assertThat(Events.ID_KEY.toString()).doesNotContain(Events.ID_KEY_VALUE);
    }

    @Test
    void theKeySecretIsNamedByTheEnvironment() {
        assertThat(IdKey.fromSecret(name -> IdKeySecret.SECRET_VARIABLE.equals(name) ? "arn:key" : null,
                arn -> arn.equals("arn:key") ? Events.ID_KEY_VALUE : null).sign(new byte[] {1}, 4))
                .isEqualTo(Events.ID_KEY.sign(new byte[] {1}, 4));
        assertThatThrownBy(() -> IdKey.fromSecret(name -> null, arn -> Events.ID_KEY_VALUE))
                .hasMessageContaining(IdKeySecret.SECRET_VARIABLE + " is not set");
    }
}
