/**
 * The policy gate: which module versions may come in. {@link dev.modgate.policy.PolicyFile} parses the policy file
 * (README "Policy") and makes the decisions its lines make alone; {@link dev.modgate.policy.PolicyGate} adds what
 * needs the data directory or the network (approvals, retractions, cooldown, the {@link dev.modgate.policy.Webhook})
 * in a fixed order and keeps decisions per policy version; {@link dev.modgate.policy.PolicyLayer} is the gate as the
 * outermost layer of the module chain; {@link dev.modgate.policy.LivePolicy} is the policy in force, swapped when the
 * file changes; {@link dev.modgate.policy.PolicyState} (approvals, pending requests, when versions were first seen;
 * {@link dev.modgate.policy.DirPolicyState} keeps them under {@code .modgate/policy/}) is shared with the
 * {@code modgate policy} commands of other processes.
 *
 * <p>May use: core, the module vocabulary, storage (through {@code Storage}), outbound HTTP (the webhook), the
 * vulnerability index ({@code vuln.VulnIndex}, for {@code vuln} lines). The wiring
 * puts the layer in the route; the command line reads the state and explains decisions.
 *
 * <p>A reader must know: a refusal is a 403 ({@code Failure.Kind.REFUSED}), never a 404 or 410, after which the go
 * command would try its next GOPROXY entry and go around the gate; {@code .info} and {@code .mod} are never refused,
 * because minimal version selection reads the go.mod of versions it does not select. Refusal bodies reach clients:
 * they name the policy file by its name only.
 */
package dev.modgate.policy;
