using System.Diagnostics;
using System.Net;
using Cluster.Tests.Support;
using TestSupport.Cluster;
using Xunit.Abstractions;

namespace Cluster.Tests;

/// <summary>
/// A gateway's answers come back through endpoints of its own: its bus's endpoint (the saga's answers to the API) and its photo
/// saga's (the stages' answers). Once each, after a broker restart, one of them never consumed again while the bus reported
/// itself healthy, and every call waited out its timeout (<c>Hosting.ReplyPathWatchdog</c>). No way exists to make MassTransit
/// do that on demand, so the deaf endpoint is simulated at the broker: the endpoint's queue is unbound from its exchange, which
/// drops every message and probe sent to it, as its missing queue did. The gateway must notice, answer the call waiting
/// meanwhile 503 at once rather than at its timeout, restart its bus, which binds the queue again, and answer again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplyPath_Specs(ITestOutputHelper output)
{
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(5);
    // Pipeline:CallTimeout, four stages' worth: how long a call whose answer is lost would wait if nothing noticed.
    private static readonly TimeSpan CallTimeout = StageTimeout * 4;

    [RabbitMqTheory]
    [InlineData("vm_Gateway_bus_")]
    [InlineData("photo-")]
    public async Task Should_restart_its_bus_when_its_own_endpoint_takes_no_message_while_the_bus_is_healthy_simulated_by_unbinding_its_queue(
        string queue)
    {
        await using var cluster = await LocalCluster.StartAsync(gateways: 1, detect: 1, embed: 1, index: 1, shards: [],
            new Dictionary<string, string> { ["Pipeline__StageTimeout"] = StageTimeout.ToString() });
        var gateway = cluster.Gateways[0];
        var log = cluster.GatewayProcesses[0];
        try
        {
            Assert.Equal(HttpStatusCode.OK, await DetectAsync(gateway));

            // The queue's exchange is bound to amq.fanout first, so that it stays when the queue's binding goes (it is auto-delete);
            // with its exchange gone, a send would fail and MassTransit would declare both again by itself.
            await Broker.CtlAsync("eval", $$"""
                VHost = <<"{{cluster.VirtualHost}}">>,
                [begin
                     Queue = amqqueue:get_name(Q),
                     ok = rabbit_binding:add({binding, rabbit_misc:r(VHost, exchange, element(4, Queue)), <<>>,
                                              rabbit_misc:r(VHost, exchange, <<"amq.fanout">>), []}, <<"test">>),
                     [rabbit_binding:remove(B, fun(_, _) -> ok end, <<"test">>)
                      || B <- rabbit_binding:list_for_destination(Queue), element(4, element(2, B)) =/= <<>>]
                 end
                 || Q <- rabbit_amqqueue:list(VHost), binary:match(element(4, amqqueue:get_name(Q)), <<"{{queue}}">>) =/= nomatch].
                """);
            // A call sent now waits for an answer that is lost: it is given up once the gateway notices, not at its 20 s timeout.
            var inFlight = Stopwatch.StartNew();
            var lostStatus = await DetectAsync(gateway);
            output.WriteLine($"a call sent once the endpoint was deaf: {(int)lostStatus} after {inFlight.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lostStatus);
            Assert.True(inFlight.Elapsed < CallTimeout / 2, $"answered after {inFlight.Elapsed.TotalSeconds:F1} s");
            await WaitForAsync(() => log.Log.Contains("Restarting the bus", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            Assert.Contains(queue, log.Log.Split('\n').First(line => line.Contains("Restarting the bus", StringComparison.Ordinal)));

            // Answered again once the restarted bus consumes its queue (503 while it restarts).
            var clock = Stopwatch.StartNew();
            var status = await DetectAsync(gateway);
            while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                await Task.Delay(200);
                status = await DetectAsync(gateway);
            }
            output.WriteLine($"answered {status} {clock.Elapsed.TotalSeconds:F1} s after the gateway noticed");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("Bus restarted", log.Log);
        }
        catch
        {
            output.WriteLine(cluster.Logs(lines: 200));
            throw;
        }
    }

    private static async Task<HttpStatusCode> DetectAsync(HttpClient gateway)
    {
        using var response = await gateway.PostAsync("/v0/detect", TestSupport.ApiForms.Multipart(("photo", TestSupport.Photos.Bytes("man1.jpg"))));
        return response.StatusCode;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        for (var clock = Stopwatch.StartNew(); !condition(); await Task.Delay(100))
            Assert.True(clock.Elapsed < limit, "the gateway did not notice that its endpoint took no message");
    }
}
