package dev.phasor.cli;

import dev.phasor.cache.CacheMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --cache-mode}: the permissions of what a command creates in the cache (docs/security.md). */
final class CacheModeOption {

    @Option(names = "--cache-mode", paramLabel = "MODE", defaultValue = "umask", converter = Words.class,
            description = "Permissions of the files and directories this command creates in the cache: private"
                + " (files 0600, directories 0700), group (files 0660, directories 2770: the group keeps access,"
                + " nobody else has any) or umask (what the process umask gives) (default: ${DEFAULT-VALUE}). Set"
                + " when created; existing ones keep theirs.")
    CacheMode mode;

    /** The mode's word, any case; anything else is a usage error naming the valid words. */
    static final class Words implements ITypeConverter<CacheMode> {
        @Override
        public CacheMode convert(String word) {
            try {
                return CacheMode.of(word);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected one of " + CacheMode.words() + " but was '" + word + "'");
            }
        }
    }
}
