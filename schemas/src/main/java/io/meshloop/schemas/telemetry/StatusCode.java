package io.meshloop.schemas.telemetry;

/** OTLP span status code, with the numeric values of {@code Status.StatusCode}. */
public enum StatusCode {
    UNSET,
    OK,
    ERROR;

    /** Maps the OTLP enum number; unknown numbers map to {@link #UNSET}. */
    public static StatusCode fromOtlp(int number) {
        return switch (number) {
            case 1 -> OK;
            case 2 -> ERROR;
            default -> UNSET;
        };
    }

    /** Maps the OTLP/JSON enum name ({@code STATUS_CODE_ERROR}) or short name ({@code ERROR}). */
    public static StatusCode fromOtlpName(String name) {
        String n = name.startsWith("STATUS_CODE_") ? name.substring("STATUS_CODE_".length()) : name;
        return switch (n) {
            case "OK" -> OK;
            case "ERROR" -> ERROR;
            default -> UNSET;
        };
    }
}
