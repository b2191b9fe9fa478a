package io.meshloop.schemas.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** An enum spelled in policy files by {@link #yamlName()} (e.g. {@code dry-run}), not its name. */
public interface YamlEnum {

    /** The spelling used in policy files. */
    String yamlName();

    /** Other accepted spellings (e.g. {@code gt} for {@code >}); none by default. */
    default List<String> aliases() {
        return List.of();
    }

    /** The constant spelled {@code text} (exactly, or one of its aliases), if any. */
    static <E extends Enum<E> & YamlEnum> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.yamlName().equals(text) || e.aliases().contains(text))
                .findFirst();
    }

    /** Every accepted spelling: names in declaration order, then aliases. */
    static <E extends Enum<E> & YamlEnum> List<String> spellings(Class<E> type) {
        return Stream.concat(
                        Arrays.stream(type.getEnumConstants()).map(YamlEnum::yamlName),
                        Arrays.stream(type.getEnumConstants()).flatMap(e -> e.aliases().stream()))
                .toList();
    }

    /** {@link #spellings}, comma-separated. */
    static <E extends Enum<E> & YamlEnum> String allowed(Class<E> type) {
        return String.join(", ", spellings(type));
    }
}
