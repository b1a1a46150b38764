package dev.runbook.exec.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a host's key against the known_hosts file as OpenSSH does (hashed entries and
 * {@code [host]:port} entries included): strict by default, or like {@code
 * StrictHostKeyChecking=accept-new}, which adds an unknown key and still refuses a changed one.
 * It remembers what it refused, so that the error can name the key and its fingerprint.
 */
final class HostKeys implements HostKeyRepository {

    /** What was refused: the key type, its SHA256 fingerprint, and the fingerprints known for the host (for a changed key). */
    record Refusal(String host, String keyType, String fingerprint, List<String> known) {}

    private final HostKeyRepository file;
    private final boolean acceptNew;
    private Refusal refusal;
    private String added;

    HostKeys(HostKeyRepository file, boolean acceptNew) {
        this.file = file;
        this.acceptNew = acceptNew;
    }

    Refusal refusal() {
        return refusal;
    }

    /** The fingerprint of a key accept-new added, or null. */
    String added() {
        return added;
    }

    @Override
    public int check(String host, byte[] key) {
        int result = file.check(host, key);
        // as OpenSSH: for a port other than 22 only a `[host]:port` entry vouches, never one without the port
        if (result == OK && entries(host).isEmpty()) result = NOT_INCLUDED;
        if (result == OK) return OK;
        String type = keyType(key);
        if (result == NOT_INCLUDED && acceptNew) {
            try {
                file.add(new HostKey(host, key), null);
                added = fingerprint(key);
                return OK;
            } catch (JSchException e) {
                refusal = new Refusal(host, type, fingerprint(key), List.of());
                return NOT_INCLUDED;
            }
        }
        List<String> known = new ArrayList<>();
        for (HostKey k : entries(host)) {
            try {
                known.add(k.getType() + " " + fingerprint(Base64.getDecoder().decode(k.getKey())));
            } catch (IllegalArgumentException ignored) {
                // an entry we cannot decode is not shown
            }
        }
        refusal = new Refusal(host, type, fingerprint(key), known);
        return result;
    }

    /**
     * The entries that vouch for {@code host}: for a port other than 22 ({@code [host]:port}) only
     * those written for that port, or hashed (the hash covers the port), as OpenSSH reads them.
     */
    private List<HostKey> entries(String host) {
        List<HostKey> out = new ArrayList<>();
        for (HostKey k : file.getHostKey(host, null)) {
            String names = k.getHost();
            if (!host.startsWith("[") || names.startsWith("|1|") || List.of(names.split(",")).contains(host)) out.add(k);
        }
        return out;
    }

    /** As {@code ssh-keygen -lf} prints it: SHA256, base64 without padding. */
    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** The key's algorithm, the first string of its SSH wire encoding ({@code ssh-ed25519}). */
    static String keyType(byte[] key) {
        if (key.length < 4) return "unknown";
        int n = ((key[0] & 0xff) << 24) | ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff);
        if (n <= 0 || 4 + n > key.length) return "unknown";
        return new String(key, 4, n, StandardCharsets.US_ASCII);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        file.add(hostkey, ui);
    }

    @Override
    public void remove(String host, String type) {
        file.remove(host, type);
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        file.remove(host, type, key);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return file.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return file.getHostKey(host, type);
    }
}
