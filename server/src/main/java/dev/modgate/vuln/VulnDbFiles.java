package dev.modgate.vuln;

import dev.modgate.module.Artifact;
import dev.modgate.module.Failure;

/** The vulnerability database's files as the HTTP layer serves them at {@code /vulndb/}. */
public interface VulnDbFiles {
    /**
     * One file of the snapshot in force.
     *
     * @param rest the path below {@code /vulndb/}, one of {@link VulnDbPaths#isServed}'s shapes
     * @throws Failure NOT_FOUND when there is no snapshot yet, or the snapshot has no such file
     */
    Artifact get(String rest) throws Failure;
}
