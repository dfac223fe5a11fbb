package dev.modgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** A small Go program whose dependencies (rsc.io/quote -> rsc.io/sampler -> golang.org/x/text) are in the corpus. */
public final class SampleApp {
    /** The module paths of its dependency graph. */
    public static final Set<String> MODULES = Set.of("rsc.io/quote", "rsc.io/sampler", "golang.org/x/text");

    private SampleApp() {}

    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("go.mod"), "module example.com/hello\n\ngo 1.19\n\nrequire rsc.io/quote v1.5.2\n");
        Files.writeString(dir.resolve("main.go"), """
                package main

                import (
                \t"fmt"

                \t"rsc.io/quote"
                )

                func main() { fmt.Println(quote.Hello()) }
                """);
        return dir;
    }
}
