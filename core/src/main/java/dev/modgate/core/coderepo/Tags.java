package dev.modgate.core.coderepo;

import java.util.List;

/** codehost.Tags: the tags with a prefix, sorted by name, and the origin of the listing. */
public record Tags(Origin origin, List<Tag> list) {}
