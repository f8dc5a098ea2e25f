package xyz.pura.chain.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;
import xyz.pura.chain.ChainReadException;
import xyz.pura.chain.ChainReadException.Kind;

/** One JSON-RPC connection over web3j, with every failure classified into {@link ChainReadException}. */
public final class Rpc implements AutoCloseable {
    private final OkHttpClient http;
    private final Web3j web3j;
    private final String endpoint;

    /** @param endpoint the redacted endpoint, for messages */
    public Rpc(String url, String endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .callTimeout(timeout).retryOnConnectionFailure(false).build();
        this.web3j = Web3j.build(new HttpService(url, http, false), 1_000,
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("pura-web3j").factory()));
    }

    public long chainId() throws ChainReadException {
        return exact(send(web3j.ethChainId(), "eth_chainId").getChainId(), "eth_chainId");
    }

    public long blockNumber() throws ChainReadException {
        return exact(send(web3j.ethBlockNumber(), "eth_blockNumber").getBlockNumber(), "eth_blockNumber");
    }

    /** {@code eth_call} of {@code function} on {@code to} at {@code block}; returns the decoded outputs. */
    @SuppressWarnings("rawtypes")
    public List<Type> call(String to, Function function, long block) throws ChainReadException {
        String what = function.getName() + " on " + to + " at block " + block;
        EthCall reply = send(web3j.ethCall(Transaction.createEthCallTransaction(null, to, FunctionEncoder.encode(function)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(block))), what);
        if (reply.isReverted()) {
            throw new ChainReadException(Kind.REVERTED, what + " reverted"
                    + (reply.getRevertReason() == null ? "" : ": " + reply.getRevertReason()));
        }
        String value = reply.getValue();
        if (value == null || value.length() <= 2) {
            throw new ChainReadException(Kind.BAD_RESPONSE, what + " returned no data (is there a pool contract there?)");
        }
        return FunctionReturnDecoder.decode(value, function.getOutputParameters());
    }

    /** A uint value as a long; values beyond a long are refused rather than wrapped. */
    public static long exact(BigInteger value, String what) throws ChainReadException {
        if (value == null || value.signum() < 0 || value.bitLength() > 63) {
            throw new ChainReadException(Kind.BAD_RESPONSE, what + " returned " + value + ", outside 0..2^63-1");
        }
        return value.longValue();
    }

    private <T extends Response<?>> T send(Request<?, T> request, String what) throws ChainReadException {
        T reply;
        try {
            reply = request.send();
        } catch (InterruptedIOException e) {
            throw new ChainReadException(Kind.TIMEOUT, what + ": no answer from " + endpoint + " in time", e);
        } catch (UnknownHostException e) {
            throw new ChainReadException(Kind.UNREACHABLE, what + ": unknown host " + endpoint, e);
        } catch (IOException e) {
            throw new ChainReadException(Kind.UNREACHABLE, what + ": " + endpoint + " unreachable (" + e + ")", e);
        } catch (ClientConnectionException e) {
            throw new ChainReadException(Kind.UNREACHABLE, what + ": " + endpoint + " answered " + e.getMessage(), e);
        }
        if (reply.hasError()) {
            Response.Error error = reply.getError();
            boolean revert = error.getCode() == 3 || String.valueOf(error.getMessage()).contains("revert");
            throw new ChainReadException(revert ? Kind.REVERTED : Kind.RPC_ERROR,
                    what + ": " + error.getMessage() + " (JSON-RPC code " + error.getCode() + ")");
        }
        return reply;
    }

    @Override
    public void close() {
        web3j.shutdown();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
