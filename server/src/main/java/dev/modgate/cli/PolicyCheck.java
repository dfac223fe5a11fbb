package dev.modgate.cli;

import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.Failure;
import dev.modgate.policy.DirPolicyState;
import dev.modgate.policy.LivePolicy;
import dev.modgate.policy.PolicyFile;
import dev.modgate.policy.PolicyGate;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.StateDir;
import java.nio.file.Path;

/** The policy as bundle export and import apply it to stored versions (no policy given: nothing is refused). */
final class PolicyCheck implements AutoCloseable {
    private final PolicyGate gate;
    private final DirPolicyState state;

    private PolicyCheck(PolicyGate gate, DirPolicyState state) {
        this.gate = gate;
        this.state = state;
    }

    static PolicyCheck of(SettingValues settings, Path dataDir) throws Exception {
        if (!settings.given(Settings.POLICY)) return new PolicyCheck(null, null);
        DirPolicyState state = new DirPolicyState(StateDir.policyIn(dataDir));
        try {
            // vuln lines as the server applies them: the data directory's snapshot in force (the one export carries)
            var vulns = new dev.modgate.vuln.VulnDbSnapshots(StateDir.vulndbIn(dataDir), java.time.Duration.ofSeconds(30)).index();
            return new PolicyCheck(LivePolicy.storedOnly(settings.path(Settings.POLICY), state, new DirStorage(dataDir), vulns), state);
        } catch (Exception e) {
            state.close();
            throw e;
        }
    }

    /** Whether the policy refuses the version's .zip (a dry-run policy included). */
    boolean refuses(ModuleVersion mv) {
        if (gate == null) return false;
        try {
            return !gate.forDownload(mv, "zip", "modgate bundle").downloadable();
        } catch (Failure f) {
            return true; // undecidable from the data directory: not carried, as the server would not serve it either
        }
    }

    /** Whether an enforced policy refuses the version's .zip (dry-run refuses nothing). */
    boolean refusesEnforced(ModuleVersion mv) {
        return gate != null && gate.file().mode() == PolicyFile.Mode.ENFORCE && refuses(mv);
    }

    @Override public void close() throws Exception {
        if (state != null) state.close();
    }
}
