using System.Collections.Concurrent;
using ClaimCheck;
using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Gateway.Sagas;
using Gateway.Storage;
using Gateway.Uploads;
using Hosting;
using MassTransit;
using MassTransit.Contracts;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TestSupport.Cluster;
using Vision;
using Vision.Detection;
using Vision.Imaging;
using Workers.Detect;
using Workers.Detect.Consumers;
using Workers.Embed;
using Workers.Index;
using Workers.Index.Consumers;
using Contracts.Index;

namespace Gateway.FunctionalTests.Sagas;

/// <summary>
/// The photo saga on MassTransit's test harness with the real stages (models, exact index, SQLite store), one of them replaced by
/// a scripted stage that misbehaves as a worker can (faults, never answers, answers twice, answers late): no real worker can be
/// made to do that on demand. The scripted stages are named so.
/// </summary>
public sealed class PhotoSaga_Specs
{
    // Long enough for a real stage on a loaded machine, where a spec does not wait for a timeout; short where it does.
    private static readonly TimeSpan PatientTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(5);
    // Races of a stage's answer against its timeout. Without the saga's partitioner, of 100 embed races 73 faulted on RabbitMQ
    // (a reply there takes milliseconds to confirm) and none in memory (the first message's turn is over in microseconds); of
    // 100 persist races, whose timeout compensates first, 89 on RabbitMQ and 39 in memory.
    private const int Races = 100;

    [Fact]
    public async Task Should_answer_STAGE_FAILED_when_a_scripted_embed_stage_faults_and_leave_no_saga()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddConsumer<FaultingEmbedStage>();
        }, PatientTimeout);

        var (answer, jobId) = await pipeline.ProcessAsync(FaceAttributes.Facen);

        var rejected = Assert.IsType<ProcessPhotoRejected>(answer);
        Assert.True(await pipeline.Sagas.Consumed.Any<Fault<ExtractFacens>>());
        Assert.Equal(ProcessPhotoRejected.StageFailed, rejected.Code);
        Assert.Null(await pipeline.Sagas.NotExists(jobId));
    }

    [Fact]
    public async Task Should_answer_STAGE_TIMED_OUT_when_a_scripted_embed_stage_answers_late_and_remove_the_images_of_its_late_answer()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddConsumer<LateEmbedStage>();
        }, StageTimeout);
        var started = DateTime.UtcNow;

        var (answer, jobId) = await pipeline.ProcessAsync(FaceAttributes.Facen | FaceAttributes.Normalized);

        Assert.Equal(ProcessPhotoRejected.StageTimedOut, Assert.IsType<ProcessPhotoRejected>(answer).Code);
        Assert.InRange(DateTime.UtcNow - started, StageTimeout, StageTimeout * 3);
        Assert.Null(await pipeline.Sagas.NotExists(jobId));
        // The late answer comes after the saga ended: dropped, with the normalized face it made removed from the claim store.
        Assert.True(await pipeline.Harness.Consumed.Any<ExtractFacensResult>());
        var late = (await pipeline.Harness.Consumed.SelectAsync<ExtractFacensResult>().First()).Context.Message;
        var normalized = Assert.Single(late.Faces).Normalized!;
        await Eventually(async () => await Missing(pipeline.Images, normalized));
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_drop_without_a_fault_the_embed_answers_that_race_their_stage_timeouts_and_remove_the_images_of_those_that_lost(
        bool onRabbitMq)
    {
        Skip.If(onRabbitMq && Broker.Unavailable is not null, Broker.Unavailable);
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddConsumer<SilentEmbedStage>();
        }, PatientTimeout, onRabbitMq);
        var saga = await pipeline.Harness.Bus.GetSendEndpoint(pipeline.Services.GetRequiredService<PhotoSagaEndpoint>().Address);
        // Calls all waiting for their embed stage at once, so that the saga's endpoint takes their races side by side.
        var races = await Task.WhenAll(Enumerable.Range(0, Races).Select(async _ =>
        {
            var jobId = NewId.NextGuid();
            var call = pipeline.ProcessAsync(FaceAttributes.Facen | FaceAttributes.Normalized, jobId: jobId);
            Assert.NotNull(await pipeline.Sagas.Exists(jobId, machine => machine.Describe.Pending, PatientTimeout));
            var normalized = await pipeline.Images.PutNewAsync(TestSupport.Photos.Bytes("grace_hopper.jpg"), CancellationToken.None);
            return (JobId: jobId, Call: call, Normalized: normalized);
        }));

        // Each call's embed answer, with the normalized face the stage put in the claim store, and its stage timeout, delivered
        // to the saga's endpoint at the same moment: whichever the saga takes second comes to an instance that ended.
        await RaceAsync(races.Select(race => (
            Answer: (Func<Task>)(() => saga.Send(
                new ExtractFacensResult([new FaceDescription(new float[512], null, null, null, null, race.Normalized, null)]),
                send => send.RequestId = race.JobId)),
            Timeout: (Func<Task>)(() => saga.Send<RequestTimeoutExpired<ExtractFacens>>(new StageTimeoutExpired<ExtractFacens>(race.JobId))))));

        var lost = new List<string>();
        foreach (var race in races)
        {
            var (answer, _) = await race.Call;
            // The timeout won: the answer's images are no one's, and are removed. The answer won: they are the caller's.
            if (answer is ProcessPhotoRejected rejected)
            {
                Assert.Equal(ProcessPhotoRejected.StageTimedOut, rejected.Code);
                if (!await Eventually(async () => await Missing(pipeline.Images, race.Normalized), TimeSpan.FromSeconds(5)))
                    lost.Add($"The timeout of {race.JobId} won, and the normalized face of its late answer was left in the claim store.");
            }
            else
            {
                Assert.Equal(race.Normalized, Assert.Single(Assert.IsType<ProcessPhotoResult>(answer).Faces).Description?.Normalized);
            }
            Assert.True(await pipeline.Harness.Consumed.Any<ExtractFacensResult>(m => m.Context.RequestId == race.JobId));
            Assert.True(await pipeline.Harness.Consumed.Any<RequestTimeoutExpired<ExtractFacens>>(m => m.Context.Message.RequestId == race.JobId));
            Assert.Null(await pipeline.Sagas.NotExists(race.JobId));
        }
        await AssertNothingFaultedAsync(pipeline);
        Assert.True(lost.Count == 0, string.Join("\n", lost));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_drop_without_a_fault_the_index_answers_that_race_their_stage_timeouts_and_keep_only_the_faces_and_photos_of_those_that_won(
        bool onRabbitMq)
    {
        Skip.If(onRabbitMq && Broker.Unavailable is not null, Broker.Unavailable);
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddEmbedConsumers();
            stages.AddConsumer<SilentIndexStage>();
            stages.AddConsumer<RemoveFacensConsumer, RemoveFacensConsumerDefinition>();
        }, PatientTimeout, onRabbitMq);
        var saga = await pipeline.Harness.Bus.GetSendEndpoint(pipeline.Services.GetRequiredService<PhotoSagaEndpoint>().Address);
        var races = await Task.WhenAll(Enumerable.Range(0, Races).Select(async _ =>
        {
            var jobId = NewId.NextGuid();
            var call = pipeline.ProcessAsync(FaceAttributes.Facen, enrollment: new FaceEnrollment("raced", []), jobId: jobId);
            Assert.NotNull(await pipeline.Sagas.Exists(jobId, machine => machine.Index.Pending, PatientTimeout));
            return (JobId: jobId, Call: call);
        }));

        // An index answer stores the faces; an index timeout compensates (the store and the index's removal answer it) before it
        // ends the saga: the longest of the saga's turns, which an answer arriving meanwhile waits for.
        await RaceAsync(races.Select(race => (
            Answer: (Func<Task>)(() => saga.Send(new IndexFacensResult(1), send => send.RequestId = race.JobId)),
            Timeout: (Func<Task>)(() => saga.Send<RequestTimeoutExpired<IndexFacens>>(new StageTimeoutExpired<IndexFacens>(race.JobId))))));

        var won = 0;
        foreach (var race in races)
        {
            var (answer, _) = await race.Call;
            if (answer is ProcessPhotoRejected rejected)
                Assert.Equal(ProcessPhotoRejected.StageTimedOut, rejected.Code);
            else
            {
                Assert.NotNull(Assert.Single(Assert.IsType<ProcessPhotoResult>(answer).Faces).FaceId);
                won++;
            }
            Assert.Null(await pipeline.Sagas.NotExists(race.JobId));
        }
        await AssertNothingFaultedAsync(pipeline);
        // A timed-out enrollment stored no face and left no mark, and its photo left the uploads; a late answer after it stored
        // nothing.
        var store = pipeline.Services.GetRequiredService<IFaceStore>();
        Assert.Equal(won, (await store.ListAsync(null, null, new FacePage(null, null, Races * 2), CancellationToken.None)).Count);
        Assert.Empty(await store.ListPendingAsync(DateTime.MaxValue, null, Races, CancellationToken.None));
        Assert.Equal(won, pipeline.Uploads.Count);
    }

    // Every pair's messages sent at the same moment, each from a thread of its own, the answer first in every other pair.
    private static async Task RaceAsync(IEnumerable<(Func<Task> Answer, Func<Task> Timeout)> pairs)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = pairs.SelectMany((pair, i) => i % 2 == 0 ? new[] { pair.Answer, pair.Timeout } : [pair.Timeout, pair.Answer])
            .Select(async send =>
            {
                await go.Task;
                await send();
            })
            .ToList();
        go.SetResult();
        await Task.WhenAll(sends);
    }

    private static async Task AssertNothingFaultedAsync(Pipeline pipeline)
    {
        var faulted = pipeline.Harness.Consumed.Select(m => m.Exception is not null)
            .Select(m => $"{m.ShortTypeName}: {m.Exception!.GetType().Name} {m.Exception.Message}").ToList();
        Assert.True(faulted.Count == 0, $"{faulted.Count} messages faulted in {Races} races:\n{string.Join("\n", faulted)}");
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
    }

    [Fact]
    public async Task Should_answer_once_when_a_scripted_detect_stage_answers_twice()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddConsumer<TwiceAnsweringDetectStage>();
            stages.AddEmbedConsumers();
            stages.AddIndexConsumers();
        }, PatientTimeout);

        var (answer, jobId) = await pipeline.ProcessAsync(FaceAttributes.Facen, search: new FaceSearch("default", 5, 0.5f));

        var result = Assert.IsType<ProcessPhotoResult>(answer);
        Assert.NotNull(Assert.Single(result.Faces).Matches);
        Assert.Null(await pipeline.Sagas.NotExists(jobId));
        // Both answers reached the saga; the second was dropped, not faulted, and nothing was answered twice.
        Assert.Equal(2, await pipeline.Harness.Consumed.SelectAsync<DetectFacesResult>().Count());
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
        Assert.Equal(1, await pipeline.Harness.Sent.SelectAsync<ProcessPhotoResult>().Count());
    }

    [Fact]
    public async Task Should_drop_without_a_fault_the_stage_messages_of_a_call_whose_claims_are_gone()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddEmbedConsumers();
        }, PatientTimeout);
        // As the broker delivers them again after an outage: the calls were given up and their images removed meanwhile.
        var gone = await pipeline.Images.PutNewAsync(TestSupport.Photos.Bytes("grace_hopper.jpg"), CancellationToken.None);
        await pipeline.Images.DeleteAsync(gone);

        await pipeline.Harness.Bus.Publish(new DetectFaces(gone, null, "default"));
        await pipeline.Harness.Bus.Publish(new ExtractFacens(gone, [], FaceAttributes.Facen));

        Assert.True(await pipeline.Harness.Consumed.Any<DetectFaces>());
        Assert.True(await pipeline.Harness.Consumed.Any<ExtractFacens>());
        await Eventually(() => Task.FromResult(pipeline.Warnings.Count(line => line.Contains("no longer in the claim store")) == 2));
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
        var category = $"{typeof(AbandonedClaimFilter<>).Namespace}.{nameof(AbandonedClaimFilter<DetectFaces>)}";
        Assert.Contains(pipeline.Warnings, line => line.StartsWith($"{category}: Dropped {nameof(DetectFaces)}", StringComparison.Ordinal)
            && line.Contains(gone.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_answer_STAGE_FAILED_without_waiting_for_the_timeout_when_the_index_rejects_the_facen()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddEmbedConsumers();
            stages.AddIndexConsumers();
        }, PatientTimeout);
        // An index of another model's facens: 128 elements where ours has 512.
        var other = new float[128];
        other[0] = 1;
        await pipeline.Services.GetRequiredService<IFaceIndex>().AddAsync([new Contracts.Index.IndexedFacen(1, other, [])]);

        var (answer, jobId) = await pipeline.ProcessAsync(FaceAttributes.Facen, search: new FaceSearch("default", 5, 0.5f));

        Assert.Equal(ProcessPhotoRejected.StageFailed, Assert.IsType<ProcessPhotoRejected>(answer).Code);
        Assert.True(await pipeline.Sagas.Consumed.Any<Contracts.Index.FacenRejected>());
        Assert.Null(await pipeline.Sagas.NotExists(jobId));
    }

    [Fact]
    public async Task Should_mark_the_faces_and_write_the_photo_of_an_enrollment_while_its_embed_stage_works_and_undo_both_when_it_faults()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddConsumer<EnrollmentWatchingEmbedStage>();
        }, PatientTimeout);
        var store = pipeline.Services.GetRequiredService<IFaceStore>();

        var (answer, _) = await pipeline.ProcessAsync(FaceAttributes.Facen, enrollment: new FaceEnrollment("never described", []));

        Assert.Equal(ProcessPhotoRejected.StageFailed, Assert.IsType<ProcessPhotoRejected>(answer).Code);
        var seen = Assert.Single(pipeline.Services.GetRequiredService<EnrollmentWatchingEmbedStage.Seen>());
        Assert.True(seen.Marks == 1 && seen.Files == 1, $"While the face was described: {seen.Marks} marks, {seen.Files} files.");
        Assert.Empty(await store.ListPendingAsync(DateTime.MaxValue, null, 10, CancellationToken.None));
        Assert.Empty(pipeline.Uploads);
    }

    [Fact]
    public async Task Should_write_the_face_images_while_the_index_works_and_store_nothing_but_remove_every_file_when_the_sweep_settled_the_enrollment_first()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddEmbedConsumers();
            stages.AddConsumer<SilentIndexStage>();
            stages.AddConsumer<RemoveFacensConsumer, RemoveFacensConsumerDefinition>();
        }, PatientTimeout);
        var store = pipeline.Services.GetRequiredService<IFaceStore>();
        var jobId = NewId.NextGuid();
        var call = pipeline.ProcessAsync(FaceAttributes.Facen | FaceAttributes.Normalized | FaceAttributes.Thumbnail,
            enrollment: new FaceEnrollment("never stored", []), jobId: jobId);
        Assert.NotNull(await pipeline.Sagas.Exists(jobId, machine => machine.Index.Pending, PatientTimeout));
        // The photo, the thumbnail and the normalized face, written while the index works.
        await Eventually(() => Task.FromResult(pipeline.Uploads.Count == 3));

        // The index's answer comes after the pending sweep gave the enrollment up, as it does a call that outlived its timeout.
        var pending = await store.ListPendingAsync(DateTime.MaxValue, null, 10, CancellationToken.None);
        Assert.Single(pending);
        using (var scope = pipeline.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Gateway.Index.PendingIndexChanges>().SettleAsync(pending, CancellationToken.None);
        var saga = await pipeline.Harness.Bus.GetSendEndpoint(pipeline.Services.GetRequiredService<PhotoSagaEndpoint>().Address);
        await saga.Send(new IndexFacensResult(1), send => send.RequestId = jobId);

        var (answer, _) = await call;
        Assert.Equal(ProcessPhotoRejected.StageFailed, Assert.IsType<ProcessPhotoRejected>(answer).Code);
        Assert.Empty(await store.ListAsync(null, null, new FacePage(null, null, 10), CancellationToken.None));
        Assert.Empty(await store.ListPendingAsync(DateTime.MaxValue, null, 10, CancellationToken.None));
        Assert.Empty(pipeline.Uploads);
        Assert.Equal(1, await pipeline.Harness.Sent.SelectAsync<ProcessPhotoRejected>().Count());
        Assert.False(await pipeline.Harness.Sent.Any<ProcessPhotoResult>());
    }

    [Fact]
    public async Task Should_stop_a_stage_timer_when_its_stage_answers()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddEmbedConsumers();
            stages.AddIndexConsumers();
        }, PatientTimeout);

        var (answer, _) = await pipeline.ProcessAsync(FaceAttributes.Facen, search: new FaceSearch("default", 5, 0.5f));

        Assert.IsType<ProcessPhotoResult>(answer);
        // Three stages answered long before their timeout: none of their timers is left to fire into a saga that has moved on.
        await Eventually(() => Task.FromResult(pipeline.Services.GetRequiredService<StageTimeouts>().Pending == 0));
    }

    [Fact]
    public async Task Should_neither_fire_nor_log_a_pending_stage_timer_once_the_host_stops()
    {
        await using var pipeline = await Pipeline.StartAsync(stages =>
        {
            stages.AddDetectConsumers();
            stages.AddConsumer<SilentEmbedStage>();
        }, StageTimeout);
        var timeouts = pipeline.Services.GetRequiredService<StageTimeouts>();
        using var abandon = new CancellationTokenSource();
        var call = pipeline.ProcessAsync(FaceAttributes.Facen, cancellationToken: abandon.Token);
        Assert.True(await pipeline.Harness.Consumed.Any<ExtractFacens>());
        await Eventually(() => Task.FromResult(timeouts.Pending == 1));

        await pipeline.StopAsync();

        Assert.Equal(0, timeouts.Pending);
        // Past the embed stage's due time and one retry: nothing fired, nothing was tried again, nothing was said.
        await Task.Delay(StageTimeout + StageTimeouts.RetryInterval + TimeSpan.FromSeconds(2));
        Assert.Equal(0, timeouts.Pending);
        Assert.DoesNotContain(pipeline.Warnings, line => line.StartsWith(typeof(StageTimeouts).FullName!, StringComparison.Ordinal));
        abandon.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private static async Task<bool> Missing(IImageStore images, ImageRef image)
    {
        try
        {
            await images.GetAsync(image);
            return false;
        }
        catch (FileNotFoundException)
        {
            return true;
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        if (!await Eventually(condition, TimeSpan.FromSeconds(20)))
            Assert.Fail("The condition did not come true within 20 s.");
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan within)
    {
        for (var waited = TimeSpan.Zero; waited < within; waited += TimeSpan.FromMilliseconds(100))
        {
            if (await condition())
                return true;
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>A faulting embed stage.</summary>
    public sealed class FaultingEmbedStage : IConsumer<ExtractFacens>
    {
        public Task Consume(ConsumeContext<ExtractFacens> context) => throw new InvalidOperationException("Scripted embed failure.");
    }

    /// <summary>An embed stage that answers after the saga's stage timeout, with a normalized face it put in the claim store.</summary>
    public sealed class LateEmbedStage(IImageStore images) : IConsumer<ExtractFacens>
    {
        public async Task Consume(ConsumeContext<ExtractFacens> context)
        {
            await Task.Delay(StageTimeout * 1.5);
            var normalized = await images.PutNewAsync(TestSupport.Photos.Bytes("grace_hopper.jpg"), CancellationToken.None);
            await context.RespondAsync(new ExtractFacensResult(
                [.. context.Message.Faces.Select(_ => new FaceDescription(null, null, null, null, null, normalized, null))]));
        }
    }

    /// <summary>The real detect stage, answering each request twice as a worker that died before its acknowledgement would.</summary>
    public sealed class TwiceAnsweringDetectStage(IImageStore store, DecodedImageCache images, FaceDetection detection) : IConsumer<DetectFaces>
    {
        public async Task Consume(ConsumeContext<DetectFaces> context)
        {
            var real = new DetectFacesConsumer(store, images, detection);
            await real.Consume(context);
            await real.Consume(context);
        }
    }

    /// <summary>An embed stage that faults once the saga has marked the enrollment's face and written its photo (or 10 s went
    /// by), saying what it saw.</summary>
    public sealed class EnrollmentWatchingEmbedStage(IFaceStore store, UploadStore uploads, EnrollmentWatchingEmbedStage.Seen seen)
        : IConsumer<ExtractFacens>
    {
        public sealed class Seen : ConcurrentQueue<(int Marks, int Files)>;

        public async Task Consume(ConsumeContext<ExtractFacens> context)
        {
            (int Marks, int Files) now = default;
            for (var waited = 0; waited < 10_000 && now is not (1, 1); waited += 20)
            {
                now = ((await store.ListPendingAsync(DateTime.MaxValue, null, 10, CancellationToken.None)).Count, FilesIn(uploads.Root).Count);
                await Task.Delay(20);
            }
            seen.Enqueue(now);
            throw new InvalidOperationException("Scripted embed failure.");
        }
    }

    /// <summary>An index stage that never answers.</summary>
    public sealed class SilentIndexStage : IConsumer<IndexFacens>
    {
        public Task Consume(ConsumeContext<IndexFacens> context) => Task.CompletedTask;
    }

    /// <summary>An embed stage that never answers.</summary>
    public sealed class SilentEmbedStage : IConsumer<ExtractFacens>
    {
        public Task Consume(ConsumeContext<ExtractFacens> context) => Task.CompletedTask;
    }

    /// <summary>A stage's timeout, as the saga's scheduler sends it when the stage's time is up.</summary>
    private sealed record StageTimeoutExpired<TRequest>(Guid RequestId) : RequestTimeoutExpired<TRequest> where TRequest : class
    {
        public Guid CorrelationId => RequestId;
        public DateTime Timestamp { get; } = DateTime.UtcNow;
        public DateTime ExpirationTime => Timestamp;
        public TRequest? Message => null;
    }

    private static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];

    /// <summary>The saga and the stages given, on the harness's in-memory bus, over a store in a temporary data folder.</summary>
    private sealed class Pipeline : IAsyncDisposable
    {
        private readonly IHost _host;
        private readonly string _dataDir;

        private readonly string? _virtualHost;

        private Pipeline(IHost host, string dataDir, string? virtualHost, ConcurrentQueue<string> warnings) =>
            (_host, _dataDir, _virtualHost, Warnings) = (host, dataDir, virtualHost, warnings);

        public IServiceProvider Services => _host.Services;
        public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();
        public ISagaStateMachineTestHarness<PhotoStateMachine, PhotoState> Sagas =>
            Harness.GetSagaStateMachineHarness<PhotoStateMachine, PhotoState>();
        public IImageStore Images => Services.GetRequiredService<IImageStore>();
        /// <summary>Every file in uploads.</summary>
        public IReadOnlyList<string> Uploads => FilesIn(Services.GetRequiredService<UploadStore>().Root);

        /// <summary>What was logged at warning or above, each line prefixed by its category.</summary>
        public ConcurrentQueue<string> Warnings { get; }

        /// <param name="onRabbitMq">On the RabbitMQ broker (a virtual host of its own), as a cluster's gateway, instead of in memory.</param>
        public static async Task<Pipeline> StartAsync(Action<IBusRegistrationConfigurator> stages, TimeSpan stageTimeout, bool onRabbitMq = false)
        {
            var virtualHost = onRabbitMq ? $"saga-specs-{Guid.NewGuid():N}" : null;
            if (virtualHost is not null)
            {
                await Broker.CtlAsync("add_vhost", virtualHost);
                await Broker.CtlAsync("set_permissions", "-p", virtualHost, "guest", ".*", ".*", ".*");
            }
            var dataDir = Directory.CreateTempSubdirectory("facepipe-saga-").FullName;
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDir"] = dataDir,
                ["Pipeline:StageTimeout"] = stageTimeout.ToString(),
            });
            var warnings = new ConcurrentQueue<string>();
            builder.Logging.AddProvider(new WarningSink(warnings));
            var services = builder.Services;
            services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section);
            services.AddVision(builder.Configuration);
            var deployment = Deployment.Read(builder.Configuration, PipelineProcess.Gateway);
            services.AddSingleton(deployment);
            // As AddPipelineBus registers it; no watchdog runs here, so the answers always reach the harness's bus.
            services.AddSingleton<ReplyPath>();
            services.AddClaimCheck(deployment, builder.Configuration);
            services.AddStorage(deployment);
            services.AddUploads();
            services.AddScoped<FaceErasure>();
            services.AddSingleton<EnrollmentWatchingEmbedStage.Seen>();
            services.AddScoped<FacePersistence>();
            services.AddSingleton<Gateway.Features.Events.FaceFeed>();
            services.AddFaceIndex();
            services.AddScoped<Gateway.Index.FaceIndexClient>();
            services.AddScoped<Gateway.Index.PendingIndexChanges>();
            services.AddMassTransitTestHarness(bus =>
            {
                stages(bus);
                bus.AddPhotoSaga();
                // The gateway's own bus, in memory or on RabbitMQ: the harness's default would add its delayed scheduler, which the
                // saga would then take for its stage timeouts instead of the gateway's (StageTimeouts).
                if (virtualHost is null)
                {
                    bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
                }
                else
                {
                    bus.UsingRabbitMq((context, rabbit) =>
                    {
                        rabbit.Host("localhost", virtualHost);
                        rabbit.ConfigureEndpoints(context);
                    });
                }
            });
            var host = builder.Build();
            await host.StartAsync();
            return new Pipeline(host, dataDir, virtualHost, warnings);
        }

        /// <returns>The saga's answer and its job's id.</returns>
        public async Task<(object Answer, Guid JobId)> ProcessAsync(FaceAttributes wanted, FaceSearch? search = null,
            FaceEnrollment? enrollment = null, CancellationToken cancellationToken = default, Guid? jobId = null)
        {
            var image = await Images.PutNewAsync(TestSupport.Photos.Bytes("grace_hopper.jpg"), CancellationToken.None);
            var job = new ProcessPhoto(jobId ?? NewId.NextGuid(), image, null, FaceSelector.Biggest, wanted, search, enrollment);
            var client = Harness.Bus.CreateRequestClient<ProcessPhoto>(Services.GetRequiredService<PhotoSagaEndpoint>().Address,
                RequestTimeout.After(m: 5));
            var response = await client.GetResponse<ProcessPhotoResult, ProcessPhotoRejected>(job, cancellationToken);
            return (response.Message, job.JobId);
        }

        public Task StopAsync() => _host.StopAsync();

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync();
            _host.Dispose();
            Directory.Delete(_dataDir, recursive: true);
            if (_virtualHost is not null)
                await Broker.CtlAsync("delete_vhost", _virtualHost);
        }
    }

    private sealed class WarningSink(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    lines.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
