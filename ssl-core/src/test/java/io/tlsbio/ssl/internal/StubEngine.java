package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.RecordPreview;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * A fake TLS engine: writeApplicationData queues a fake record of {@code len + 5} bytes (a header,
 * then the plaintext as is); whole input records are recorded and may trigger a scripted reaction;
 * decrypted input is whatever the test puts in {@link #plain}.
 */
class StubEngine extends StubQueue implements Engine {

    /** Reaction to one input record. */
    interface OnRecord {
        void accept(StubEngine engine, byte[] record) throws IOException;
    }

    final List<Integer> appWrites = new ArrayList<>();
    final List<Boolean> keyUpdates = new ArrayList<>();
    final List<byte[]> recordsIn = new ArrayList<>();
    final List<Integer> sizesAsked = new ArrayList<>();
    OnRecord onRecord;
    int maxRecord = 5 + 16384 + 256;
    boolean handshaking = true;
    boolean closeNotifyIn;

    byte[] plain = new byte[0];
    private int plainPos;

    /**
     * The queue as a separate view: its default writeOutput stages through peekOutput/removeOutput.
     */
    @Override
    public OutputQueue outputQueue() {
        StubEngine self = this;
        return new OutputQueue() {
            @Override
            public int outputAvailable() {
                return self.outputAvailable();
            }

            @Override
            public int peekOutput(byte[] b, int off, int len) {
                return self.peekOutput(b, off, len);
            }

            @Override
            public void removeOutput(int n) {
                self.removeOutput(n);
            }
        };
    }

    @Override
    public void writeApplicationData(byte[] b, int off, int len) {
        appWrites.add(len);
        enqueue(
                TestBytes.concat(
                        new byte[] {23, 3, 3, (byte) (len >>> 8), (byte) len},
                        Arrays.copyOfRange(b, off, off + len)));
    }

    @Override
    public int recordSize(byte[] header) throws IOException {
        sizesAsked.add(header.length);
        int size = 5 + (((header[3] & 0xff) << 8) | (header[4] & 0xff));
        if (size > maxRecord) {
            throw new TlsFatalAlert(AlertDescription.record_overflow);
        }
        return size;
    }

    @Override
    public void offerInput(byte[] record, int off, int len) throws IOException {
        byte[] r = Arrays.copyOfRange(record, off, off + len);
        recordsIn.add(r);
        if (onRecord != null) {
            onRecord.accept(this, r);
        }
    }

    @Override
    public int getAvailableInputBytes() {
        return plain.length - plainPos;
    }

    @Override
    public int readInput(byte[] b, int off, int len) {
        int n = Math.min(len, getAvailableInputBytes());
        System.arraycopy(plain, plainPos, b, off, n);
        plainPos += n;
        return n;
    }

    @Override
    public void start() {}

    @Override
    public RecordPreview previewInputRecord(byte[] header) {
        throw new UnsupportedOperationException("the stub overrides recordSize");
    }

    @Override
    public void sendCloseNotify() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean closeNotifySent() {
        return false;
    }

    @Override
    public void sendKeyUpdate(boolean requestPeerUpdate) {
        keyUpdates.add(requestPeerUpdate);
        writeApplicationData(new byte[1], 0, 1);
    }

    @Override
    public boolean closeNotifyReceived() {
        return closeNotifyIn;
    }

    @Override
    public boolean isHandshaking() {
        return handshaking;
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public TlsContext context() {
        return null;
    }
}
