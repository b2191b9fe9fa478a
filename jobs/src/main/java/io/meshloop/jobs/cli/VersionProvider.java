package io.meshloop.jobs.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (the Maven project version). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MeshloopCli.class.getPackage().getImplementationVersion();
        return new String[] {"meshloop " + (v == null ? "(development build)" : v)};
    }
}
