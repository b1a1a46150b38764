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
        for (HostKey k : getHostKey(host, null)) {
            try {
                known.add(k.getType() + " " + fingerprint(Base64.getDecoder().decode(k.getKey())));
            } catch (IllegalArgumentException ignored) {
                // an entry we cannot decode is not shown
            }
        }
        refusal = new Refusal(host, type, fingerprint(key), known);
        return result;
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
