package dev.modgate.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.net.SourceException;
import java.nio.file.Path;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository rewritten to a file:// directory of this server: JGit's messages name that directory as a URL or as
 * a bare path (RepositoryNotFoundException(File) says "repository not found: /srv/git/corp/x.git"); the message a
 * client gets names the repository as it was discovered instead, whatever the form.
 */
class GitErrorsTest {
    @TempDir Path tmp;

    @Test
    void theLocalPathOfAFileRewriteIsNeverShown() throws Exception {
        Path dir = tmp.resolve("srv hidden/git/corp/x");
        String fetchUrl = dir.toUri().toString();
        GitRemote remote = new GitRemote("https://git.corp.example/x", fetchUrl, null, null, null, false);
        TransportException[] jgit = {
            new RepositoryNotFoundException(dir.resolveSibling("x.git").toFile()),
            new RepositoryNotFoundException(dir.toFile()),
            new NoRemoteRepositoryException(new URIish(fetchUrl), "not found."),
            new TransportException(dir + "/.git: not a git directory"),
            new TransportException("file:" + dir + ": cannot open"),
            new TransportException(fetchUrl.replace("%20", " ") + "/objects: corrupt"),
        };
        for (TransportException e : jgit) {
            SourceException se = GitErrors.transport(remote, e, System.nanoTime() + 60_000_000_000L);
            assertThat(se.getMessage()).as(e.getMessage()).doesNotContain("srv hidden").doesNotContain("srv%20hidden").doesNotContain(tmp.toString())
                    .contains("https://git.corp.example/x (rewritten)");
        }
    }

    @Test
    void aRemoteThatIsNotRewrittenKeepsJGitsWords() {
        GitRemote remote = new GitRemote("https://git.example/x", "https://git.example/x", null, null, null, false);
        SourceException se = GitErrors.transport(remote, new TransportException("https://git.example/x: 500 Internal Server Error"), System.nanoTime() + 60_000_000_000L);
        assertThat(se.getMessage()).contains("https://git.example/x: 500 Internal Server Error");
    }
}
