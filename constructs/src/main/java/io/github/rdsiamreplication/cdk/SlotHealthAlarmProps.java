package io.github.rdsiamreplication.cdk;

import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * Thresholds of {@link IamReplicationAuth#alarms(SlotHealthAlarmProps)}. Every option has a default; the
 * README explains why they warn well before a stuck slot fills the disk.
 */
public final class SlotHealthAlarmProps {
    /** One GiB, in bytes. */
    public static final double GIB = 1024d * 1024 * 1024;

    private final double slotLagBytes;
    private final double freeStorageBytes;
    private final int evaluationPeriods;
    private final Duration period;

    private SlotHealthAlarmProps(Builder b) {
        this.slotLagBytes = b.slotLagBytes;
        this.freeStorageBytes = b.freeStorageBytes;
        this.evaluationPeriods = b.evaluationPeriods;
        this.period = b.period;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return WAL a slot may hold back before the lag alarm fires. Default: 1 GiB */
    public double getSlotLagBytes() {
        return slotLagBytes;
    }

    /** @return free storage below which the storage alarm fires (DB instances only). Default: 5 GiB */
    public double getFreeStorageBytes() {
        return freeStorageBytes;
    }

    /** @return periods in a row over the threshold before an alarm fires. Default: 3 */
    public int getEvaluationPeriods() {
        return evaluationPeriods;
    }

    /** @return the period of each evaluated datapoint. Default: 5 minutes */
    public Duration getPeriod() {
        return period;
    }

    /** Builds {@link SlotHealthAlarmProps}. */
    public static final class Builder {
        private double slotLagBytes = GIB;
        private double freeStorageBytes = 5 * GIB;
        private int evaluationPeriods = 3;
        private Duration period = Duration.minutes(5);

        private Builder() {
        }

        /**
         * @param bytes WAL a slot may hold back (more than 0). Default: 1 GiB
         * @return this
         */
        public Builder slotLagBytes(double bytes) {
            if (!(bytes > 0)) {
                throw new IllegalArgumentException("slotLagBytes must be more than 0, got " + bytes);
            }
            this.slotLagBytes = bytes;
            return this;
        }

        /**
         * @param bytes free storage that raises the storage alarm (more than 0). Default: 5 GiB
         * @return this
         */
        public Builder freeStorageBytes(double bytes) {
            if (!(bytes > 0)) {
                throw new IllegalArgumentException("freeStorageBytes must be more than 0, got " + bytes);
            }
            this.freeStorageBytes = bytes;
            return this;
        }

        /**
         * @param periods periods in a row (at least 1). Default: 3
         * @return this
         */
        public Builder evaluationPeriods(int periods) {
            if (periods < 1) {
                throw new IllegalArgumentException("evaluationPeriods must be at least 1, got " + periods);
            }
            this.evaluationPeriods = periods;
            return this;
        }

        /**
         * @param period each datapoint's period (RDS publishes every minute). Default: 5 minutes
         * @return this
         */
        public Builder period(Duration period) {
            this.period = Objects.requireNonNull(period, "period");
            return this;
        }

        /** @return the props */
        public SlotHealthAlarmProps build() {
            return new SlotHealthAlarmProps(this);
        }
    }
}
