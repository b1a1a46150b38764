package dev.runbook.engine;

import java.io.Console;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the secret of a credential parameter comes from when a command is sent: the environment
 * ({@code RUNBOOK_SECRET_<PARAM>}), a secrets file ({@code param = secret} lines, readable by its
 * owner only, as OpenSSH demands of a private key) or a no-echo prompt on the terminal. A plan or
 * a simulation never asks: it shows {@link Secret#MASK}.
 */
@FunctionalInterface
public interface SecretSource {

    /** The secret of credential parameter {@code param}, if this source has it. */
    Optional<Secret> find(String param);

    /** A secret could not be had, or a secrets file is unsafe. Its message names no secret. */
    final class Missing extends RuntimeException {
        public Missing(String message) {
            super(message);
        }
    }

    /** Tries each source in order. */
    static SecretSource firstOf(SecretSource... sources) {
        return param -> {
            for (SecretSource s : sources) {
                Optional<Secret> found = s.find(param);
                if (found.isPresent()) return found;
            }
            return Optional.empty();
        };
    }

    /** {@code RUNBOOK_SECRET_ADMIN} for parameter {@code admin}, read from {@code env}. */
    static SecretSource environment(Function<String, String> env) {
        return param -> Optional.ofNullable(env.apply(variable(param))).map(Secret::new);
    }

    static String variable(String param) {
        return "RUNBOOK_SECRET_" + param.toUpperCase(Locale.ROOT);
    }

    /** A Java properties file of {@code param = secret}; refused when its group or others may read it. */
    static SecretSource file(Path path) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            for (PosixFilePermission p : mode) {
                if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                    throw new Missing(path + ": a secrets file must be readable by its owner only: run chmod 600 " + path);
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions to check on this file system
        } catch (IOException e) {
            throw new Missing(path + ": cannot read the secrets file (" + e.getClass().getSimpleName() + ")");
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new Missing(path + ": cannot read the secrets file: write one `param = secret` a line");
        }
        Map<String, Secret> secrets = new HashMap<>();
        for (String name : props.stringPropertyNames()) secrets.put(name, new Secret(props.getProperty(name)));
        return param -> Optional.ofNullable(secrets.get(param));
    }

    /** Asks on the terminal without echo, once per parameter; nothing when there is no terminal. */
    static SecretSource prompt(Console console) {
        Map<String, Secret> asked = new HashMap<>();
        return param -> {
            if (console == null) return Optional.empty();
            Secret s = asked.computeIfAbsent(param, p -> {
                char[] typed = console.readPassword("secret of %s: ", p);
                return typed == null ? null : new Secret(new String(typed));
            });
            return Optional.ofNullable(s);
        };
    }

    /** The secret of {@code param}, or a {@link Missing} that says how to give it. */
    default Secret require(String param) {
        return find(param).orElseThrow(() -> new Missing("no secret for credential `" + param + "`: set "
                + variable(param) + ", give it in a secrets file (--secrets FILE), or run on a terminal to be asked"));
    }
}
