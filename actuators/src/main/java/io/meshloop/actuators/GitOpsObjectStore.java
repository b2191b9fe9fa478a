package io.meshloop.actuators;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshloop.schemas.actuation.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Objects as YAML manifests in a directory, one file per object at {@code
 * <dir>/<namespace>/<Kind>/<name>.yaml}, for a GitOps tool (Argo CD, Flux) to sync from.
 *
 * <p>Files hold the canonical form of {@link Manifests#yaml}: keys sorted at every level, no
 * status, no server-owned metadata, so an unchanged object gives the same bytes and a change gives
 * a minimal, commit-friendly diff. Each write goes to a temporary file in the same directory and is
 * moved over the target atomically, so readers (and {@code git add}) never see half a file. The
 * resourceVersion of an object is a hash of its file's bytes; an update whose resourceVersion no
 * longer matches the file is a {@link MeshConflictException} (someone edited or pulled meanwhile).
 * Writes are serialized within this JVM; two processes sharing a directory are not supported.
 */
public final class GitOpsObjectStore implements ObjectStore {

    private final Path root;

    public GitOpsObjectStore(Path root) {
        this.root = root;
    }

    /** The file of an object. */
    public Path pathOf(String namespace, String kind, String name) {
        return root.resolve(namespace).resolve(kind).resolve(name + ".yaml");
    }

    @Override
    public synchronized <T extends HasMetadata> T get(
            Class<T> type, String namespace, String name) {
        Path file = pathOf(namespace, HasMetadata.getKind(type), name);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RetryableMeshException("cannot read " + file + ": " + e, 0, e);
        }
        T object;
        try {
            object = Manifests.read(new String(bytes, StandardCharsets.UTF_8), type);
        } catch (RuntimeException e) {
            throw new PermanentMeshException(
                    Outcome.FAILED, 0, "cannot parse " + file + ": " + e.getMessage(), e);
        }
        object.getMetadata().setResourceVersion(hash(bytes));
        return object;
    }

    @Override
    public synchronized <T extends HasMetadata> T create(T object) {
        Path file = fileOf(object);
        if (Files.exists(file)) {
            throw new MeshConflictException(file + " appeared meanwhile", null);
        }
        return write(file, object);
    }

    @Override
    public synchronized <T extends HasMetadata> T update(T object) {
        Path file = fileOf(object);
        String expected = object.getMetadata().getResourceVersion();
        String current;
        try {
            current = Files.exists(file) ? hash(Files.readAllBytes(file)) : null;
        } catch (IOException e) {
            throw new RetryableMeshException("cannot read " + file + ": " + e, 0, e);
        }
        if (current == null || !current.equals(expected)) {
            throw new MeshConflictException(
                    file
                            + " changed meanwhile (expected version "
                            + expected
                            + ", found "
                            + current
                            + ")",
                    null);
        }
        return write(file, object);
    }

    private Path fileOf(HasMetadata o) {
        return pathOf(o.getMetadata().getNamespace(), o.getKind(), o.getMetadata().getName());
    }

    private <T extends HasMetadata> T write(Path file, T object) {
        byte[] bytes = Manifests.yaml(object).getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(
                            tmp,
                            file,
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PermanentMeshException(
                    Outcome.FAILED, 0, "cannot write " + file + ": " + e, e);
        }
        T stored = Manifests.copy(object);
        stored.getMetadata().setResourceVersion(hash(bytes));
        return stored;
    }

    static String hash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
