package xyz.pura.chain;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/** The project's TestPool contract (src/main/solidity, artifact in src/test/resources/contracts) on anvil. */
public final class TestPoolContract implements AutoCloseable {
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(1_000_000);

    private final Web3j web3j;
    private final TransactionManager tx;
    private final String address;

    private TestPoolContract(Web3j web3j, TransactionManager tx, String address) {
        this.web3j = web3j;
        this.tx = tx;
        this.address = address;
    }

    /** Deploys a fresh TestPool with anvil's first funded account. */
    public static TestPoolContract deploy(Anvil anvil, long chainId) throws IOException {
        Web3j web3j = Web3j.build(new HttpService(anvil.url()));
        TransactionManager tx = new RawTransactionManager(web3j, Credentials.create(Anvil.DEPLOYER_KEY), chainId);
        TransactionReceipt receipt = send(web3j, tx, null, resource("TestPool.bin"));
        return new TestPoolContract(web3j, tx, receipt.getContractAddress());
    }

    public String address() {
        return address;
    }

    /** GDA shape: a member's units (the total follows). */
    public void updateMemberUnits(String member, long units) throws IOException {
        call(new Function("updateMemberUnits", List.of(new Address(member), new Uint128(units)), List.of()));
    }

    /** BackpressurePool shape: a sink's units for a task type. */
    void setMemberUnits(String taskTypeId, String sink, long units) throws IOException {
        call(new Function("setMemberUnits", List.of(new Bytes32(Numeric.hexStringToByteArray(taskTypeId)),
                new Address(sink), new Uint128(units)), List.of()));
    }

    /** While on, every read of the pool reverts. */
    void setReverting(boolean on) throws IOException {
        call(new Function("setReverting", List.of(new Bool(on)), List.of()));
    }

    private void call(Function f) throws IOException {
        send(web3j, tx, address, FunctionEncoder.encode(f));
    }

    private static TransactionReceipt send(Web3j web3j, TransactionManager tx, String to, String data) throws IOException {
        BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        EthSendTransaction sent = to == null
                ? tx.sendTransaction(gasPrice, GAS_LIMIT, null, data, BigInteger.ZERO, true)
                : tx.sendTransaction(gasPrice, GAS_LIMIT, to, data, BigInteger.ZERO);
        if (sent.hasError()) {
            throw new IOException("transaction refused: " + sent.getError().getMessage());
        }
        try {
            TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3j, 20, 250)
                    .waitForTransactionReceipt(sent.getTransactionHash());
            if (!receipt.isStatusOK()) {
                throw new IOException("transaction failed: " + receipt);
            }
            return receipt;
        } catch (TransactionException e) {
            throw new IOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TestPoolContract.class.getResourceAsStream("/contracts/" + name)) {
            if (in == null) {
                throw new IOException("/contracts/" + name + " missing: run chain-oracle/solidity/build.sh");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
