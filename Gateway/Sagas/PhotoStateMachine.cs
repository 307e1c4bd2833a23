using ClaimCheck;
using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Contracts.Index;
using Gateway.Index;
using Gateway.Storage;
using Gateway.Uploads;
using Hosting.Observability;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Gateway.Sagas;

/// <summary>
/// The request/response saga behind every API call that processes a photo: detect, pick, describe, then search (identify),
/// index and store the faces itself (enroll, <see cref="FacePersistence"/>), or answer with what was found (detect, verify,
/// extract). Each stage has <see cref="PipelineOptions.StageTimeout"/> to answer, timed by this gateway
/// (<see cref="StageTimeouts"/>) in both deployments. A stage that faults ends the saga with
/// <see cref="ProcessPhotoRejected.StageFailed"/>, one that does not answer in time with
/// <see cref="ProcessPhotoRejected.StageTimedOut"/>; an enrollment cut short is compensated (<see cref="CompensateAsync"/>). An
/// answer that comes twice, or after the saga ended, is dropped, and the images a late embed answer made are removed.
/// An enrollment does its own work while a stage works on its photo, so that the call does not wait for it: its faces' ids and
/// pending marks, and its photo's file, while they are described; its faces' files while they are searched or indexed.
/// </summary>
public sealed class PhotoStateMachine : MassTransitStateMachine<PhotoState>
{
    public PhotoStateMachine(IOptions<PipelineOptions> options)
    {
        InstanceState(saga => saga.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(context => context.Message.JobId));
        var timeout = options.Value.StageTimeout;
        Request(() => Detect, r =>
        {
            Configure(r, timeout);
            r.Completed2 = e => e.OnMissingInstance(m => m.Discard());
        });
        Request(() => Describe, r =>
        {
            Configure(r, timeout);
            r.Completed = e => e.OnMissingInstance(m => m.ExecuteAsync(RemoveLateImagesAsync));
        });
        Request(() => Search, r =>
        {
            Configure(r, timeout);
            r.Completed2 = e => e.OnMissingInstance(m => m.Discard());
        });
        Request(() => Index, r => Configure(r, timeout));
        // A stage answer can come twice (a worker died after answering, before the broker had its acknowledgement) or
        // after the stage timed out; the saga has moved on, so either is dropped rather than sent to an error queue.
        OnUnhandledEvent(context => context.Ignore());

        Initially(
            When(Submitted)
                .Then(context =>
                {
                    context.Saga.Job = context.Message;
                    context.Saga.RequestId = context.RequestId;
                    context.Saga.ResponseAddress = context.ResponseAddress;
                    context.Saga.LapStarted = DateTime.UtcNow;
                })
                .Request(Detect, context => new DetectFaces(context.Saga.Job.Image, context.Saga.Job.Roi, context.Saga.Job.Detector,
                    context.Saga.Job.AutoRotate))
                .TransitionTo(Detect.Pending));

        During(Detect.Pending,
            When(Detect.Completed)
                .Then(context =>
                {
                    Lap(context.Saga, "detect");
                    (context.Saga.Orientation, context.Saga.Width, context.Saga.Height) =
                        (context.Message.Orientation, context.Message.Width, context.Message.Height);
                    (context.Saga.Faces, context.Saga.Rejection) =
                        FaceSelection.Pick(context.Message.Faces, context.Message.Dropped, context.Saga.Job.Boxes, context.Saga.Job.Selector);
                })
                .IfElse(context => context.Saga.Rejection is not null || context.Saga.Faces.Count == 0 || context.Saga.Job.Wanted == FaceAttributes.None,
                    answer => answer.ThenAsync(AnswerAsync).Finalize(),
                    describe => describe
                        .Request(Describe, context => new ExtractFacens(context.Saga.Job.Image, context.Saga.Faces, context.Saga.Job.Wanted))
                        .TransitionTo(Describe.Pending)
                        .If(context => context.Saga.Job.Enrollment is not null, MarkNewFaces)),
            When(Detect.Completed2).ThenAsync(context => RejectAsync(context, context.Message)).Finalize(),
            When(Detect.Faulted).ThenAsync(context => FailAsync(context, "detect")).Finalize(),
            When(Detect.TimeoutExpired).ThenAsync(context => TimedOutAsync(context, "detect")).Finalize());

        During(Describe.Pending,
            When(Describe.Completed)
                .Then(context =>
                {
                    Lap(context.Saga, "embed");
                    context.Saga.Descriptions = context.Message.Faces;
                })
                .IfElse(context => context.Saga.Job.Search is not null,
                    search => search
                        .Request(Search, context => SearchOf(context.Saga, context.Saga.Job.Search!.Gallery, context.Saga.Job.Search.N,
                            context.Saga.Job.Search.MinSimilarity, context.Saga.Job.Search.Strict))
                        .TransitionTo(Search.Pending),
                    other => other.IfElse(context => context.Saga.Job.Enrollment is { Person: not null },
                        person => SaveFaceFiles(person
                            .Request(Search, context => SearchOf(context.Saga, context.Saga.Job.Enrollment!.Person!.Space, 1 + FaceSearch.SpareCandidates,
                                context.Saga.Job.Enrollment.Person.MinSimilarity, strict: false))
                            .TransitionTo(Search.Pending)),
                        enrollOrAnswer => enrollOrAnswer.IfElse(context => context.Saga.Job.Enrollment is not null,
                            enroll => IndexNewFaces(enroll),
                            answer => answer.ThenAsync(AnswerAsync).Finalize()))),
            // A saga has one event per message type, so the embed stage's ImageRejected arrives as the detect request's.
            When(Detect.Completed2).ThenAsync(CompensateAsync).ThenAsync(context => RejectAsync(context, context.Message)).Finalize(),
            When(Describe.Faulted).ThenAsync(CompensateAsync).ThenAsync(context => FailAsync(context, "embed")).Finalize(),
            When(Describe.TimeoutExpired).ThenAsync(CompensateAsync).ThenAsync(context => TimedOutAsync(context, "embed")).Finalize());

        During(Search.Pending,
            When(Search.Completed)
                .Then(context =>
                {
                    Lap(context.Saga, "search");
                    context.Saga.Matches = context.Message.Matches;
                    (context.Saga.LiveShards, context.Saga.TotalShards) = (context.Message.LiveShards, context.Message.TotalShards);
                })
                // An enrollment searched for its faces' persons; an identify is answered.
                .IfElse(context => context.Saga.Job.Enrollment is not null,
                    enroll => IndexNewFaces(enroll),
                    answer => answer.ThenAsync(AnswerAsync).Finalize()),
            When(Search.Completed2).ThenAsync(CompensateAsync).ThenAsync(context => FailAsync(context, "index")).Finalize(),
            When(Search.Faulted).ThenAsync(CompensateAsync).ThenAsync(context => FailAsync(context, "index")).Finalize(),
            When(Search.TimeoutExpired).ThenAsync(CompensateAsync).ThenAsync(context => TimedOutAsync(context, "index")).Finalize());

        During(Index.Pending,
            When(Index.Completed)
                .Then(context => Lap(context.Saga, "index"))
                .ThenAsync(StoreNewFacesAsync)
                .Then(context => Lap(context.Saga, "persist"))
                .ThenAsync(AnswerAsync)
                .Finalize()
                // Last, since the activities after a catch still run once it has handled an exception: the answer would go twice.
                .Catch<Exception>(FailEnrollment),
            // Some shards may have taken their faces before another failed or the time ran out.
            // The index's FacenRejected arrives as the search request's, as ImageRejected does above.
            When(Search.Completed2).ThenAsync(CompensateAsync).ThenAsync(context => FailAsync(context, "index")).Finalize(),
            When(Index.Faulted).ThenAsync(CompensateAsync).ThenAsync(context => FailAsync(context, "index")).Finalize(),
            When(Index.TimeoutExpired).ThenAsync(CompensateAsync).ThenAsync(context => TimedOutAsync(context, "index")).Finalize());

        SetCompletedWhenFinalized();
    }

    public Event<ProcessPhoto> Submitted { get; private set; } = null!;
    public Request<PhotoState, DetectFaces, DetectFacesResult, ImageRejected> Detect { get; private set; } = null!;
    public Request<PhotoState, ExtractFacens, ExtractFacensResult> Describe { get; private set; } = null!;
    /// <summary>A facen the index cannot take (another model's length) is answered <see cref="FacenRejected"/>.</summary>
    public Request<PhotoState, SearchFacens, SearchFacensResult, FacenRejected> Search { get; private set; } = null!;
    public Request<PhotoState, IndexFacens, IndexFacensResult> Index { get; private set; } = null!;

    // New faces get their ids and are marked pending before they go into the index, and are stored (visible) only once the
    // index has them, so that no stored face is left unsearchable, and an index entry whose enrollment never finished is found
    // by its mark (PendingIndexSweep). Their photo goes to uploads meanwhile.
    private EventActivityBinder<PhotoState, DetectFacesResult> MarkNewFaces(EventActivityBinder<PhotoState, DetectFacesResult> binder) => binder
        .ThenAsync(async context =>
        {
            var ids = context.GetServiceOrCreateInstance<FaceIds>();
            context.Saga.FaceIds = context.Saga.Faces.Select(_ => ids.Next()).ToList();
            await context.GetServiceOrCreateInstance<IFaceStore>().MarkEnrollingAsync(context.Saga.FaceIds, context.CancellationToken);
            context.Saga.Photo = await context.GetServiceOrCreateInstance<EnrollmentFiles>()
                .SavePhotoAsync(context.Saga.Job.Image, context.Saga.FaceIds[0], context.CancellationToken);
        })
        .Catch<Exception>(FailEnrollment);

    // The new faces go into the index: their galleries and, when identified as persons, their person space.
    private EventActivityBinder<PhotoState, T> IndexNewFaces<T>(EventActivityBinder<PhotoState, T> binder) where T : class =>
        SaveFaceFiles(binder
            .Request(Index, context => new IndexFacens(context.Saga.FaceIds!
                .Select((id, i) => new IndexedFacen(id, context.Saga.Descriptions![i].Facen!,
                    PersonSpaces.WithGalleries(context.Saga.Job.Enrollment!.Galleries, PersonOf(context.Saga, i)?.Space)))
                .ToList()))
            .TransitionTo(Index.Pending));

    // The described faces' thumbnails and normalized faces go to uploads while the stage just asked works, once per enrollment.
    private EventActivityBinder<PhotoState, T> SaveFaceFiles<T>(EventActivityBinder<PhotoState, T> binder) where T : class => binder
        .If(context => context.Saga.FaceFiles is null, save => save.ThenAsync(async context =>
            context.Saga.FaceFiles = await context.GetServiceOrCreateInstance<EnrollmentFiles>()
                .SaveFacesAsync(context.Saga.FaceIds!, context.Saga.Descriptions!, context.CancellationToken)))
        .Catch<Exception>(FailEnrollment);

    // The faces go to the metadata store, which makes them visible.
    private static Task StoreNewFacesAsync(BehaviorContext<PhotoState> context)
    {
        var saga = context.Saga;
        return context.GetServiceOrCreateInstance<FacePersistence>().StoreAsync(saga.Photo!, saga.FaceIds!
            .Select((id, i) => new NewFace(id, saga.Faces[i].Box, saga.Descriptions![i], saga.FaceFiles![i], saga.Job.Enrollment!,
                PersonOf(saga, i)))
            .ToList(), context.CancellationToken);
    }

    private ExceptionActivityBinder<PhotoState, T, Exception> FailEnrollment<T>(ExceptionActivityBinder<PhotoState, T, Exception> failed)
        where T : class =>
        failed.ThenAsync(CompensateAsync).ThenAsync(context => FailAsync(context, "persist")).Finalize();

    // The described faces searched in one space: an identify's gallery, or an enrollment's person space.
    private static SearchFacens SearchOf(PhotoState saga, string space, int n, float minSimilarity, bool? strict) =>
        new(saga.Descriptions!.Select(description => description.Facen!).ToList(), space, n, minSimilarity, strict);

    private static PersonMatch? PersonOf(PhotoState saga, int face) => saga.Job.Enrollment?.Person is { } person
        ? new PersonMatch(person.Space, saga.Matches?[face] ?? [])
        : null;

    private static void Configure<TRequest, TResponse>(IRequestConfigurator<PhotoState, TRequest, TResponse> request, TimeSpan timeout)
        where TRequest : class where TResponse : class
    {
        request.Timeout = timeout;
        request.Completed = e => e.OnMissingInstance(m => m.Discard());
        request.Faulted = e => e.OnMissingInstance(m => m.Discard());
        request.TimeoutExpired = e => e.OnMissingInstance(m => m.Discard());
    }

    private static Task AnswerAsync(BehaviorContext<PhotoState> context)
    {
        var saga = context.Saga;
        if (saga.Rejection is { } rejection)
            return ReplyAsync(context, rejection);
        var faces = saga.Faces.Select((face, i) => new ProcessedFace(
            face, saga.Descriptions?[i], saga.Matches?[i], saga.FaceIds?[i])).ToList();
        return ReplyAsync(context, new ProcessPhotoResult(saga.Orientation, saga.Width, saga.Height, faces, saga.LiveShards, saga.TotalShards,
            saga.StageMs));
    }

    // Stages run one after the other, so a stage's time is the time since the previous one answered.
    private static void Lap(PhotoState saga, string stage)
    {
        var now = DateTime.UtcNow;
        var ms = (now - saga.LapStarted).TotalMilliseconds;
        saga.StageMs[stage] = ms;
        saga.LapStarted = now;
        PipelineMetrics.StageDuration.Record(ms, new KeyValuePair<string, object?>("stage", stage));
    }

    private static Task RejectAsync(BehaviorContext<PhotoState> context, ImageRejected rejected) =>
        ReplyAsync(context, new ProcessPhotoRejected(rejected.Code, rejected.Reason, null));

    private static Task FailAsync(BehaviorContext<PhotoState> context, string stage) =>
        ReplyAsync(context, new ProcessPhotoRejected(ProcessPhotoRejected.StageFailed, $"The {stage} stage failed.", null));

    private static Task TimedOutAsync(BehaviorContext<PhotoState> context, string stage) =>
        ReplyAsync(context, new ProcessPhotoRejected(ProcessPhotoRejected.StageTimedOut, $"The {stage} stage did not answer in time.", null));

    // An enrollment that failed once its faces were marked: the marks are settled now, as the sweep would settle them later
    // (PendingIndexChanges), so that a face the store does not hold leaves the index, or just cleared when the faces never went
    // to the index; then the files of the faces not stored are removed. Should the index not answer now, the marks stay for the
    // sweep, and the files for the purge command.
    private async Task CompensateAsync(BehaviorContext<PhotoState> context)
    {
        if (context.Saga.FaceIds is not { } ids)
            return;
        var cancellationToken = context.CancellationToken;
        try
        {
            var store = context.GetServiceOrCreateInstance<IFaceStore>();
            var pending = await store.GetPendingAsync(ids, cancellationToken);
            // Once the saga waits for the index, the faces may be in it, and must leave it unless stored.
            if (context.Saga.CurrentState == Index.Pending.Name)
                await context.GetServiceOrCreateInstance<PendingIndexChanges>().SettleAsync(pending, cancellationToken);
            else
                await store.ClearPendingAsync(pending, cancellationToken);
            var stored = await store.GetManyAsync(ids, cancellationToken);
            var notStored = context.Saga.FaceFiles?.Where((_, i) => !stored.ContainsKey(ids[i])) ?? [];
            await context.GetServiceOrCreateInstance<FaceErasure>().EraseAsync(
                notStored.SelectMany(files => new[] { files.Thumbnail, files.Normalized }).OfType<string>(),
                context.Saga.Photo is { } photo ? [photo.Path] : [], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.GetServiceOrCreateInstance<ILogger<PhotoStateMachine>>()
                .LogWarning(e, "An enrollment's faces could not be settled now; the pending index sweep settles them later");
        }
    }

    // The normalized faces and thumbnails of an embed answer that came after its saga ended: no one will use or remove them.
    private static Task RemoveLateImagesAsync(ConsumeContext<ExtractFacensResult> context) =>
        context.GetServiceOrCreateInstance<IImageStore>().DeleteAllAsync(
            context.Message.Faces.SelectMany(face => new[] { face.Normalized, face.Thumbnail }).OfType<ImageRef>().ToList(),
            context.GetServiceOrCreateInstance<ILogger<PhotoStateMachine>>());

    // The answer goes to whoever sent the job, which is not the sender of the message that ends the saga.
    private static async Task ReplyAsync<T>(BehaviorContext<PhotoState> context, T message) where T : class
    {
        if (context.Saga.ResponseAddress is not { } address)
            return;
        var endpoint = await context.GetSendEndpoint(address);
        await endpoint.Send(message, send => send.RequestId = context.Saga.RequestId);
    }
}
