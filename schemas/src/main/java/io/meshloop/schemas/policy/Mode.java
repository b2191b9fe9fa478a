package io.meshloop.schemas.policy;

/** Whether a policy's decisions are applied to the mesh or only recorded. */
public enum Mode implements YamlEnum {
    /** Decisions are actuated (unless the global kill switch is present). */
    ENFORCE("enforce"),
    /** Decisions are computed and recorded exactly as in enforce mode, never actuated. */
    DRY_RUN("dry-run");

    private final String yamlName;

    Mode(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
