package io.github.rdsiamreplication.paramgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Delete puts back, decided from three readings: what the group had before Create
 * ({@code found}), what this resource set ({@code ours}, the properties of the Delete event) and what
 * the group holds now ({@code current}). A parameter is restored only while it still holds our value;
 * any other value was set by someone after us and is left alone, so that a Delete never clobbers a
 * later change (on a shared group that could turn logical replication off under other databases).
 *
 * @param restore values to write back, by name
 * @param reset parameters to reset to the engine default (they were the default before Create)
 * @param leftAlone one line per parameter left as it is, with why
 */
public record RestorePlan(Map<String, String> restore, List<FoundParameter> reset, List<String> leftAlone) {
    /**
     * @param found the parameters before Create
     * @param ours the values this resource set
     * @param current the parameters now
     * @return the plan
     */
    public static RestorePlan of(Map<String, FoundParameter> found, Map<String, String> ours,
            Map<String, FoundParameter> current) {
        Map<String, String> restore = new TreeMap<>();
        List<FoundParameter> reset = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>();
        for (FoundParameter before : found.values()) {
            String set = ours.get(before.name());
            FoundParameter now = current.get(before.name());
            String nowValue = now == null || now.engineDefault() ? null : now.value();
            if (set == null || !set.equals(nowValue)) {
                leftAlone.add(before.name() + "=" + (nowValue == null ? "(engine default)" : nowValue)
                        + (set == null ? " (this resource's value is not known)" : " (changed after this resource "
                        + "set " + set + ")"));
            } else if (before.engineDefault()) {
                reset.add(before);
            } else {
                restore.put(before.name(), before.value());
            }
        }
        return new RestorePlan(restore, reset, leftAlone);
    }

    /** @return the names of the parameters put back or reset, sorted */
    public List<String> restoredNames() {
        List<String> names = new ArrayList<>(restore.keySet());
        reset.forEach(p -> names.add(p.name()));
        names.sort(null);
        return names;
    }

    /** @return the names of the parameters left alone */
    public List<String> leftAloneNames() {
        return leftAlone.stream().map(line -> line.substring(0, line.indexOf('='))).toList();
    }
}
