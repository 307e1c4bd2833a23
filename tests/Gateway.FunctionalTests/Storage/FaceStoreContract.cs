using Contracts.Index;
using Gateway.Storage;
using Workers.Index.Warmup;
using static Gateway.FunctionalTests.Storage.StoredFaces;

namespace Gateway.FunctionalTests.Storage;

/// <summary>What every metadata store must do, whatever holds the faces: a store's specs inherit this suite, each spec on a new,
/// empty store.</summary>
public abstract class FaceStoreContract : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly Lazy<IFaceStore> _store;

    protected FaceStoreContract() => _store = new Lazy<IFaceStore>(CreateStore);

    private IFaceStore Store => _store.Value;

    /// <summary>A new, empty store; may skip the spec (<see cref="Skip"/>) where the store's server cannot run.</summary>
    protected abstract IFaceStore CreateStore();

    public abstract void Dispose();

    [SkippableFact]
    public async Task Should_return_a_face_as_it_was_added()
    {
        var full = Full(1, "alice", ["visitors", "default", "Staff", "visitors"]);
        var bare = Face(2, "", []);
        await Store.AddWithFacensAsync([full, bare], None);

        AssertFace(full with { Galleries = ["Staff", "visitors"] }, await Store.GetAsync(1, None));
        AssertFace(bare, await Store.GetAsync(2, None));
        var many = await Store.GetManyAsync([2, 1, 99], None);
        Assert.Equal([1L, 2L], many.Keys.Order());
        AssertFace(bare, many[2]);
        Assert.Empty(await Store.GetManyAsync([], None));
    }

    /// <summary>What settles a pending face or mends the index: each stored face's facen and index spaces, from its record.</summary>
    [SkippableFact]
    public async Task Should_give_the_index_entries_of_the_stored_faces_among_ids()
    {
        await Store.AddWithFacensAsync([Full(1, "alice", ["staff"]), Face(2, "bob", []), Face(3, "carol", [])], None);
        await Store.DeleteAsync(3, None);

        var entries = (await Store.GetIndexedAsync([1, 2, 3, 99], None)).OrderBy(entry => entry.FaceId).ToList();

        Assert.Equal([1L, 2], entries.Select(entry => entry.FaceId));
        Assert.Equal(Facen(1), entries[0].Facen);
        Assert.Equal(PersonSpaces.WithGalleries(["staff"], "~cam1"), entries[0].Galleries);
        Assert.Equal(Facen(2), entries[1].Facen);
        Assert.Empty(entries[1].Galleries);
        Assert.Empty(await Store.GetIndexedAsync([], None));
    }

    [SkippableFact]
    public async Task Should_keep_the_stored_face_when_its_id_is_added_again()
    {
        await Store.AddWithFacensAsync([], None);
        var first = Face(1, "first", ["staff"]);
        await Store.AddWithFacensAsync([first], None);

        await Store.AddWithFacensAsync([Face(1, "again", ["visitors"]), Face(2, "second", [])], None);

        AssertFace(first, await Store.GetAsync(1, None));
        Assert.Equal("second", (await Store.GetAsync(2, None))?.Meta);
        Assert.Equal([1L], (await Store.ListAsync("staff", null, new FacePage(null, null, 10), None)).Select(face => face.Id));
        Assert.Empty(await Store.ListAsync("visitors", null, new FacePage(null, null, 10), None));
    }

    [SkippableFact]
    public async Task Should_store_a_capture_once_and_find_its_face_by_its_key()
    {
        var key = Guid.NewGuid();
        var captured = Event(1, "cam1", person: 1, day: 1) with { CaptureKey = key };
        await Store.AddWithFacensAsync([captured, Face(2, "not captured", []), Face(3, "not captured either", [])], None);

        // The same capture enrolled again under a new id (a redelivered CaptureFace), beside another capture.
        var other = Event(5, "cam1", person: 5, day: 1) with { CaptureKey = Guid.NewGuid() };
        await Store.AddWithFacensAsync([Event(4, "cam1", person: 4, day: 1) with { CaptureKey = key, Meta = "again" }, other], None);

        Assert.Null(await Store.GetAsync(4, None));
        AssertFace(captured, await Store.FindCapturedAsync(key, None));
        AssertFace(other, await Store.FindCapturedAsync(other.CaptureKey!.Value, None));
        Assert.Null(await Store.FindCapturedAsync(Guid.NewGuid(), None));
        Assert.Equal([5L, 3, 2, 1], (await Store.ListAsync(null, null, new FacePage(null, null, 10), None)).Select(face => face.Id));
        Assert.Equal([5L, 1], (await Store.ListHistoryAsync(new HistoryFilter(null, ["cam1"], null, null, null), new FacePage(null, null, 10), None))
            .Select(face => face.Id));
    }

    [SkippableFact]
    public async Task Should_answer_nothing_for_a_face_that_does_not_exist()
    {
        await Store.AddWithFacensAsync([Face(1, "alice", [])], None);

        Assert.Null(await Store.GetAsync(2, None));
        Assert.Null(await Store.UpdateAsync(2, "bob", new GalleryChange(GalleryChangeKind.Set, ["staff"]), null, None));
        Assert.Null(await Store.UpdateAsync(2, null, null, null, None));
        Assert.False(await Store.DeleteAsync(2, None));
        Assert.Equal("alice", (await Store.GetAsync(1, None))?.Meta);
    }

    [SkippableFact]
    public async Task Should_change_meta_and_galleries_as_asked()
    {
        var face = Face(1, "alice", ["staff"]);
        await Store.AddWithFacensAsync([face], None);

        Assert.Equal("alice b.", (await Store.UpdateAsync(1, "alice b.", null, null, None))?.Meta);
        Assert.Equal(["staff", "vip"], await GalleriesAfter(GalleryChangeKind.Add, "vip", "staff", "default"));
        Assert.Equal(["vip"], await GalleriesAfter(GalleryChangeKind.Del, "staff", "nowhere"));
        Assert.Equal(["banned", "staff"], await GalleriesAfter(GalleryChangeKind.Set, "staff", "banned", "staff", "default"));
        var unchanged = await Store.UpdateAsync(1, null, null, null, None);
        AssertFace(face with { Meta = "alice b.", Galleries = ["banned", "staff"] }, unchanged);
        Assert.Empty(await GalleriesAfter(GalleryChangeKind.Set));

        var both = await Store.UpdateAsync(1, "alice c.", new GalleryChange(GalleryChangeKind.Add, ["vip"]), null, None);
        AssertFace(face with { Meta = "alice c.", Galleries = ["vip"] }, both);
        AssertFace(both!, await Store.GetAsync(1, None));
        Assert.Equal([1L], (await Store.ListAsync("vip", "alice c.", new FacePage(null, null, 10), None)).Select(f => f.Id));
        Assert.Empty(await Store.ListAsync("staff", null, new FacePage(null, null, 10), None));

        async Task<IReadOnlyList<string>> GalleriesAfter(GalleryChangeKind kind, params string[] galleries) =>
            (await Store.UpdateAsync(1, null, new GalleryChange(kind, galleries), null, None))!.Galleries;
    }

    [SkippableFact]
    public async Task Should_delete_a_face_from_every_listing()
    {
        await Store.AddWithFacensAsync([Face(1, "alice", ["staff"]), Face(2, "bob", ["staff"])], None);

        Assert.True(await Store.DeleteAsync(1, None));
        Assert.False(await Store.DeleteAsync(1, None));

        Assert.Null(await Store.GetAsync(1, None));
        Assert.Equal([2L], (await Store.ListAsync(null, null, new FacePage(null, null, 10), None)).Select(face => face.Id));
        Assert.Equal([2L], (await Store.ListAsync("staff", null, new FacePage(null, null, 10), None)).Select(face => face.Id));
        Assert.Equal(["bob"], (await Store.ListMetaAsync(null, new FacePage(null, null, 10), None)).Select(meta => meta.Meta));
        Assert.Equal([2L], await ReadAllIdsAsync());
    }

    [SkippableFact]
    public async Task Should_store_an_enrolled_face_only_while_its_mark_is_there_and_clear_the_mark_with_it()
    {
        await Store.MarkEnrollingAsync([1, 2, 3], None);
        var marks = await Store.GetPendingAsync([1, 2, 3, 4], None);
        Assert.Equal([1L, 2, 3], marks.Select(mark => mark.FaceId).Order());
        Assert.All(marks, mark => Assert.True(mark.Enrolling && mark.Gallery is null));
        // The sweep settled face 3's mark as abandoned: the index let it go, so the store must not take it.
        await Store.ClearPendingAsync([.. marks.Where(mark => mark.FaceId == 3)], None);

        Assert.Equal(2, await Store.AddEnrolledWithFacensAsync([Face(1, "a", ["staff"]), Face(2, "b", [])], None));
        Assert.Equal(0, await Store.AddEnrolledWithFacensAsync([Face(3, "c", [])], None));
        // A redelivered request finds its faces stored.
        Assert.Equal(2, await Store.AddEnrolledWithFacensAsync([Face(1, "again", []), Face(2, "again", [])], None));

        Assert.Equal([1L, 2], (await Store.GetManyAsync([1, 2, 3], None)).Keys.Order());
        Assert.Equal("a", (await Store.GetAsync(1, None))!.Meta);
        Assert.Empty(await Store.GetPendingAsync([1, 2, 3], None));
    }

    [SkippableFact]
    public async Task Should_mark_deleted_and_changed_faces_pending_and_clear_a_mark_only_if_it_was_not_made_again()
    {
        await Store.CreateGalleryAsync("staff", None);
        await Store.AddWithFacensAsync([Face(1, "a", ["staff"]), Face(2, "b", ["staff"]), Face(3, "c", []), Face(4, "d", [])], None);

        Assert.True(await Store.DeleteAsync(3, None));
        Assert.False(await Store.DeleteAsync(99, None));
        await Store.DeleteGalleryAsync("staff", None);
        await Store.UpdateAsync(4, "meta only", null, null, None);
        Assert.Empty(await Store.GetPendingAsync([4], None));
        await Store.UpdateAsync(4, null, new GalleryChange(GalleryChangeKind.Add, ["vip"]), null, None);

        var marks = (await Store.GetPendingAsync([1, 2, 3, 4, 99], None)).OrderBy(mark => mark.FaceId).ToList();
        Assert.Equal([(1L, "staff"), (2, "staff"), (3, null), (4, null)], marks.Select(mark => (mark.FaceId, mark.Gallery)));
        Assert.All(marks, mark => Assert.False(mark.Enrolling));
        Assert.Equal([1L, 2], (await Store.ListPendingAsync(DateTime.MaxValue, "staff", 10, None)).Select(mark => mark.FaceId).Order());
        Assert.Empty(await Store.ListPendingAsync(marks.Min(mark => mark.Since), null, 10, None));
        Assert.Single(await Store.ListPendingAsync(DateTime.MaxValue, null, 1, None));

        // Face 4 is changed again while its first change settles: the newer mark stays.
        await Task.Delay(5);
        await Store.UpdateAsync(4, null, new GalleryChange(GalleryChangeKind.Add, ["staff"]), null, None);
        await Store.ClearPendingAsync(marks, None);

        var left = Assert.Single(await Store.ListPendingAsync(DateTime.MaxValue, null, 10, None));
        Assert.Equal(4, left.FaceId);
        Assert.True(left.Since > marks[3].Since);
    }

    [SkippableFact]
    public async Task Should_page_newest_first_by_id()
    {
        // Added out of order: listings follow ids, not insertion.
        await Store.AddWithFacensAsync([.. new long[] { 5, 2, 9, 1, 10, 7, 3, 8, 4, 6 }.Select(id => Face(id, "same", []))], None);

        Assert.Equal([10L, 9, 8, 7], await PageAsync(null, null, 4));
        Assert.Equal([6L, 5, 4], await PageAsync(maxId: 7, null, 3));
        // Back from min_id: the nearest newer faces, still newest first.
        Assert.Equal([6L, 5, 4], await PageAsync(null, minId: 3, 3));
        Assert.Equal([10L, 9], await PageAsync(null, minId: 8, 5));
        Assert.Empty(await PageAsync(null, minId: 10, 5));
        Assert.Equal([8L, 7, 6, 5, 4], await PageAsync(maxId: 9, minId: 3, 10));
        Assert.Empty(await PageAsync(maxId: 1, null, 5));
        Assert.Equal([10L, 9, 8, 7, 6, 5, 4, 3, 2, 1], await PageAsync(null, null, 1000));

        async Task<IEnumerable<long>> PageAsync(long? maxId, long? minId, int limit) =>
            (await Store.ListAsync(null, null, new FacePage(maxId, minId, limit), None)).Select(face => face.Id);
    }

    [SkippableFact]
    public async Task Should_list_the_faces_of_a_gallery_and_a_meta()
    {
        await Store.AddWithFacensAsync([
            Face(1, "alice", ["staff"]), Face(2, "bob", ["staff", "vip"]), Face(3, "alice", ["vip"]), Face(4, "alice", []),
            Face(5, "Alice", ["staff"]),
        ], None);

        Assert.Equal([5L, 2, 1], await IdsAsync("staff", null));
        Assert.Equal([4L, 3, 1], await IdsAsync(null, "alice"));
        Assert.Equal([3L], await IdsAsync("vip", "alice"));
        Assert.Equal([5L], await IdsAsync(null, "Alice"));
        Assert.Empty(await IdsAsync("Staff", null));
        Assert.Empty(await IdsAsync("nowhere", null));
        Assert.Equal([2L], (await Store.ListAsync("staff", null, new FacePage(5, 1, 10), None)).Select(face => face.Id));

        async Task<IEnumerable<long>> IdsAsync(string? gallery, string? meta) =>
            (await Store.ListAsync(gallery, meta, new FacePage(null, null, 10), None)).Select(face => face.Id);
    }

    /// <summary>A gallery's page answers each face as it is now, whatever changed it since it joined (SQLite lists a gallery
    /// from a copy of its faces, GalleryFaces).</summary>
    [SkippableFact]
    public async Task Should_list_a_gallerys_faces_as_they_are_after_every_change()
    {
        await Store.AddWithFacensAsync([Full(1, "alice", ["staff", "vip"]), Full(2, "bob", ["staff"]), Full(3, "carol", []),
            Full(4, "dave", ["staff"]), Full(5, "erin", ["vip"])], None);

        await Store.UpdateAsync(1, "alice b.", null, new PersonAssignment(9, "~cam2"), None);
        await Store.UpdateAsync(2, null, new GalleryChange(GalleryChangeKind.Del, ["staff"]), null, None);
        await Store.UpdateAsync(3, "carol b.", new GalleryChange(GalleryChangeKind.Add, ["staff"]), null, None);
        await Store.UpdateAsync(5, null, new GalleryChange(GalleryChangeKind.Set, ["staff"]), null, None);
        await Store.DeleteAsync(4, None);
        await Store.UpdateAsync(3, null, null, new PersonAssignment(10, null), None);

        var staff = await Store.ListAsync("staff", null, new FacePage(null, null, 10), None);
        Assert.Equal([5L, 3, 1], staff.Select(face => face.Id));
        foreach (var face in staff)
            AssertFace((await Store.GetAsync(face.Id, None))!, face);
        Assert.Equal("alice b.", staff[2].Meta);
        Assert.Equal((9L, "~cam2", (float?)null), (staff[2].PersonId, staff[2].PersonSpace, staff[2].PersonConfidence));
        Assert.Equal(["staff", "vip"], staff[2].Galleries);
        Assert.Equal([1L], (await Store.ListAsync("vip", null, new FacePage(null, null, 10), None)).Select(face => face.Id));
        Assert.Equal([1L, 3, 5], await IdsAsync(Source.ReadAsync("staff", afterId: 0, None)));
    }

    [SkippableFact]
    public async Task Should_summarise_each_meta_with_its_count_and_first_face()
    {
        await Store.AddWithFacensAsync([
            Face(10, "alice", []), Face(20, "bob", ["staff"]), Face(30, "carol", []), Face(40, "alice", ["staff"]),
            Face(50, "bob", ["staff"]), Face(70, "alice", []),
        ], None);

        Assert.Equal(["carol 1 30", "bob 2 20", "alice 3 10"], await MetasAsync(null, new FacePage(null, null, 10)));
        // Within a gallery, its faces alone are counted and the first is the gallery's.
        Assert.Equal(["alice 1 40", "bob 2 20"], await MetasAsync("staff", new FacePage(null, null, 10)));
        // Paged by each meta's first face.
        Assert.Equal(["carol 1 30", "bob 2 20"], await MetasAsync(null, new FacePage(null, null, 2)));
        Assert.Equal(["bob 2 20", "alice 3 10"], await MetasAsync(null, new FacePage(30, null, 10)));
        Assert.Equal(["bob 2 20"], await MetasAsync(null, new FacePage(null, 10, 1)));
        Assert.Equal(["carol 1 30", "bob 2 20"], await MetasAsync(null, new FacePage(null, 10, 10)));
        Assert.Empty(await MetasAsync("nowhere", new FacePage(null, null, 10)));

        var alice = (await Store.ListMetaAsync(null, new FacePage(20, null, 1), None)).Single();
        AssertFace(Face(10, "alice", []), alice.Face);

        async Task<IEnumerable<string>> MetasAsync(string? gallery, FacePage page) =>
            (await Store.ListMetaAsync(gallery, page, None)).Select(meta => $"{meta.Meta} {meta.Count} {meta.Face.Id}");
    }

    [SkippableFact]
    public async Task Should_keep_each_metas_count_and_first_face_as_faces_come_and_go()
    {
        await Store.AddWithFacensAsync([
            Face(1, "alice", ["staff"]), Face(2, "alice", ["staff", "vip"]), Face(3, "bob", ["vip"]), Face(4, "alice", []),
            Face(5, "carol", ["staff"]),
        ], None);
        await Store.DeleteAsync(1, None);
        await Store.UpdateAsync(4, "bob", null, null, None);
        await Store.UpdateAsync(3, null, new GalleryChange(GalleryChangeKind.Set, ["staff"]), null, None);
        await Store.AddWithFacensAsync([Face(6, "carol", ["vip"]), Face(7, "dave", ["vip"])], None);
        await Store.UpdateAsync(2, "dave", null, null, None);
        await Store.DeleteGalleryAsync("vip", None);

        // Left: 3 bob (staff), 4 bob, 5 carol (staff).
        Assert.Equal(["carol 1 5", "bob 2 3"], await MetasAsync(null));
        Assert.Equal(["carol 1 5", "bob 1 3"], await MetasAsync("staff"));
        Assert.Empty(await MetasAsync("vip"));

        async Task<IEnumerable<string>> MetasAsync(string? gallery) =>
            (await Store.ListMetaAsync(gallery, new FacePage(null, null, 10), None)).Select(meta => $"{meta.Meta} {meta.Count} {meta.Face.Id}");
    }

    [SkippableFact]
    public async Task Should_know_the_largest_id_stored()
    {
        Assert.Equal(0, await Store.MaxIdAsync(None));

        await Store.AddWithFacensAsync([Face(5, "", []), Face(1L << 52, "", []), Face(7, "", [])], None);

        Assert.Equal(1L << 52, await Store.MaxIdAsync(None));
    }

    [SkippableFact]
    public async Task Should_create_and_list_galleries_once_each()
    {
        Assert.Empty(await Store.ListGalleriesAsync(None));

        Assert.True(await Store.CreateGalleryAsync("staff", None));
        Assert.True(await Store.CreateGalleryAsync("Staff", None));
        Assert.True(await Store.CreateGalleryAsync("banned", None));
        Assert.False(await Store.CreateGalleryAsync("staff", None));

        Assert.Equal(["Staff", "banned", "staff"], await Store.ListGalleriesAsync(None));
        Assert.True(await Store.GalleryExistsAsync("Staff", None));
        Assert.False(await Store.GalleryExistsAsync("STAFF", None));
        Assert.False(await Store.GalleryExistsAsync("vip", None));
    }

    [SkippableFact]
    public async Task Should_delete_a_gallery_with_every_face_in_it()
    {
        await Store.CreateGalleryAsync("staff", None);
        await Store.CreateGalleryAsync("vip", None);
        await Store.CreateGalleryAsync("empty", None);
        await Store.AddWithFacensAsync([Face(1, "a", ["staff"]), Face(2, "b", ["staff", "vip"]), Face(3, "c", ["vip"]), Face(4, "d", [])], None);

        Assert.Equal([1L, 2], (await Store.DeleteGalleryAsync("staff", None))!.Select(face => face.Id).Order());

        Assert.Null(await Store.GetAsync(1, None));
        Assert.Null(await Store.GetAsync(2, None));
        Assert.Equal([3L, 4], (await Store.GetManyAsync([1, 2, 3, 4], None)).Keys.Order());
        Assert.Equal(["empty", "vip"], await Store.ListGalleriesAsync(None));
        Assert.False(await Store.GalleryExistsAsync("staff", None));
        Assert.Equal([3L], (await Store.ListAsync("vip", null, new FacePage(null, null, 10), None)).Select(face => face.Id));
        Assert.Null(await Store.DeleteGalleryAsync("staff", None));
        Assert.Null(await Store.DeleteGalleryAsync("nowhere", None));
        Assert.Empty((await Store.DeleteGalleryAsync("empty", None))!);
        Assert.Equal([3L, 4], await ReadAllIdsAsync());
    }

    [SkippableFact]
    public async Task Should_tell_which_upload_paths_stored_faces_still_refer_to()
    {
        var shared = StoredFaces.Full(1, "a", []) with { Photo = "20261130/group.jpeg" };
        await Store.AddWithFacensAsync([shared, StoredFaces.Full(2, "b", []) with { Photo = shared.Photo }, StoredFaces.Face(3, "c", [])], None);
        await Store.DeleteAsync(1, None);

        var inUse = await Store.FilesInUseAsync(
            [shared.Photo, shared.Thumbnail!, shared.Normalized!, "2026/11/30/2_thumb.jpeg", "2026/11/30/2_norm.png", "2026/11/30/3.jpeg", "elsewhere.jpeg"],
            None);

        Assert.Equal(["2026/11/30/2_norm.png", "2026/11/30/2_thumb.jpeg", "2026/11/30/3.jpeg", "20261130/group.jpeg"], inUse.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Should_read_out_every_facen_with_its_galleries_for_the_index()
    {
        var faces = new[] { Face(1, "a", ["staff", "default"]), Face(2, "b", []), Face(3, "c", ["vip", "staff"]) };
        await Store.AddWithFacensAsync(faces, None);

        var read = new List<Contracts.Index.IndexedFacen>();
        await foreach (var facen in Source.ReadAsync(GalleryNames.Default, afterId: 0, None))
            read.Add(facen);

        Assert.Equal([1L, 2, 3], read.Select(facen => facen.FaceId).Order());
        foreach (var facen in read)
        {
            Assert.Equal(Facen(facen.FaceId), facen.Facen);
            Assert.Equal(facen.FaceId switch { 1 => ["staff"], 2 => [], _ => (string[])["staff", "vip"] }, facen.Galleries.Order());
        }
    }

    [SkippableFact]
    public async Task Should_read_a_gallerys_facens_after_a_face_id_in_id_order_and_count_them()
    {
        await Store.AddWithFacensAsync([Face(5, "e", ["staff"]), Face(2, "b", []), Face(9, "i", ["staff"]), Face(7, "g", ["staff", "vip"])], None);

        Assert.Equal([7L, 9], await IdsAsync(Source.ReadAsync("staff", afterId: 5, None)));
        Assert.Equal([5L, 7, 9], await IdsAsync(Source.ReadAsync(GalleryNames.Default, afterId: 2, None)));
        Assert.Equal(2, await Source.CountAsync("staff", afterId: 5, None));
        Assert.Equal(4, await Source.CountAsync(GalleryNames.Default, afterId: 0, None));
        Assert.Equal(0, await Source.CountAsync("vip", afterId: 7, None));
    }

    [SkippableFact]
    public async Task Should_replace_facens_and_their_model_and_keep_the_rest_of_the_face()
    {
        var face = Full(1, "alice", ["staff"]);
        await Store.AddWithFacensAsync([face, Face(2, "bob", [])], None);
        var regenerated = Facen(42);

        await Store.SetFacensAsync(new Dictionary<long, float[]> { [1] = regenerated }, "other-model", None);
        await Store.SetFacensAsync(new Dictionary<long, float[]>(), "other-model", None);

        AssertFace(face, await Store.GetAsync(1, None));
        AssertFace(Face(2, "bob", []), await Store.GetAsync(2, None));
        var indexed = (await Store.GetIndexedAsync([1, 2], None)).ToDictionary(entry => entry.FaceId, entry => entry.Facen);
        Assert.Equal(regenerated, indexed[1]);
        Assert.Equal(Facen(2), indexed[2]);
    }

    [SkippableFact]
    public async Task Should_give_a_face_a_person_and_index_it_in_the_person_space()
    {
        await Store.AddWithFacensAsync([Face(1, "alice", ["staff"]), Face(2, "bob", [])], None);

        var changed = await Store.UpdateAsync(1, null, null, new PersonAssignment(7, "~cam1"), None);

        Assert.Equal((7L, "~cam1"), (changed!.PersonId, changed.PersonSpace));
        Assert.Equal(["staff"], changed.Galleries);
        Assert.Equal(["staff", "~cam1"], changed.IndexSpaces);
        var facens = new Dictionary<long, IReadOnlyList<string>>();
        await foreach (var facen in Source.ReadAsync(GalleryNames.Default, afterId: 0, None))
            facens[facen.FaceId] = facen.Galleries;
        Assert.Equal(["staff", "~cam1"], facens[1]);
        Assert.Empty(facens[2]);
        // Without a space (person identification off) the face keeps its person but leaves the person space.
        var unindexed = await Store.UpdateAsync(1, null, null, new PersonAssignment(8, null), None);
        Assert.Equal((8L, (string?)null), (unindexed!.PersonId, unindexed.PersonSpace));
    }

    [SkippableFact]
    public async Task Should_forget_the_confidence_of_an_identified_face_given_another_person()
    {
        var identified = Full(1, "alice", []);
        await Store.AddWithFacensAsync([identified, Full(2, "bob", [])], None);

        var changed = await Store.UpdateAsync(1, "alice again", null, new PersonAssignment(2, "~cam1"), None);

        // The confidence was that of the match that gave it its former person.
        AssertFace(identified with { Meta = "alice again", PersonId = 2, PersonConfidence = null }, changed);
        AssertFace(identified with { Meta = "alice again", PersonId = 2, PersonConfidence = null }, await Store.GetAsync(1, None));
        Assert.Equal(0.8125f, (await Store.GetAsync(2, None))!.PersonConfidence);
    }

    [SkippableFact]
    public async Task Should_list_persons_by_id_with_their_first_faces_meta()
    {
        await Store.AddWithFacensAsync([
            Event(1, "cam1", person: 1, day: 1) with { Meta = "first" },
            Event(2, "cam1", person: 1, day: 2) with { Meta = "later" },
            Event(3, "cam2", person: 3, day: 2) with { Meta = "carol" },
            Face(4, "no person", []),
            Event(5, "cam2", person: 5, day: 3),
        ], None);

        Assert.Equal([new PersonSummary(5, ""), new PersonSummary(3, "carol"), new PersonSummary(1, "first")],
            await Store.ListPersonsAsync(new FacePage(null, null, 10), None));
        Assert.Equal([new PersonSummary(3, "carol")], await Store.ListPersonsAsync(new FacePage(5, null, 1), None));
        Assert.Equal([new PersonSummary(3, "carol")], await Store.ListPersonsAsync(new FacePage(null, 1, 1), None));
        Assert.Equal(new PersonSummary(1, "first"), await Store.GetPersonAsync(1, None));
        Assert.Null(await Store.GetPersonAsync(4, None));
    }

    [SkippableFact]
    public async Task Should_filter_camera_history_by_person_cameras_time_and_friend()
    {
        await Store.AddWithFacensAsync([
            Event(1, "cam1", person: 1, day: 1),
            Event(2, "cam2", person: 1, day: 2) with { Friend = true },
            Event(3, "cam1", person: 3, day: 3),
            Face(4, "enrolled, no camera", []),
            Event(5, "cam1", person: 1, day: 5) with { Friend = true },
        ], None);

        Assert.Equal([5L, 3, 2, 1], await HistoryAsync(new HistoryFilter(null, null, null, null, null)));
        Assert.Equal([5L, 2, 1], await HistoryAsync(new HistoryFilter(1, null, null, null, null)));
        Assert.Equal([5L, 3, 1], await HistoryAsync(new HistoryFilter(null, ["cam1", "cam9"], null, null, null)));
        Assert.Equal([3L, 2], await HistoryAsync(new HistoryFilter(null, null, Day(2), Day(3).AddHours(12), null)));
        Assert.Equal([2L], await HistoryAsync(new HistoryFilter(null, null, Day(2), Day(3), null)));
        Assert.Equal([5L, 2], await HistoryAsync(new HistoryFilter(null, null, null, null, true)));
        Assert.Equal([3L, 1], await HistoryAsync(new HistoryFilter(null, null, null, null, false)));
        Assert.Equal([1L], await HistoryAsync(new HistoryFilter(1, ["cam1"], null, Day(4), false)));
        Assert.Equal([3L, 2], (await Store.ListHistoryAsync(new HistoryFilter(null, null, null, null, null), new FacePage(5, null, 2), None))
            .Select(face => face.Id));

        async Task<IEnumerable<long>> HistoryAsync(HistoryFilter filter) =>
            (await Store.ListHistoryAsync(filter, new FacePage(null, null, 10), None)).Select(face => face.Id);
    }

    [SkippableFact]
    public async Task Should_count_the_days_a_camera_saw_a_person()
    {
        await Store.AddWithFacensAsync([
            Event(1, "cam1", person: 1, day: 1),
            Event(2, "cam1", person: 1, day: 1) with { Timestamp = Day(1).AddHours(20) },
            Event(3, "cam1", person: 1, day: 3),
            Event(4, "cam2", person: 1, day: 4),
            Event(5, "cam1", person: 2, day: 4),
            Event(6, "cam1", person: 1, day: 6),
        ], None);

        // Two sightings on day 1 count once; the window's ends are included.
        Assert.Equal(3, await Store.CountDaysSeenAsync(1, "cam1", Day(1).AddHours(12), Day(6).AddHours(12), None));
        Assert.Equal(2, await Store.CountDaysSeenAsync(1, "cam1", Day(1).AddHours(21), Day(6).AddHours(12), None));
        Assert.Equal(2, await Store.CountDaysSeenAsync(1, "cam1", Day(1), Day(6), None));
        Assert.Equal(1, await Store.CountDaysSeenAsync(1, "cam2", Day(0), Day(9), None));
        Assert.Equal(0, await Store.CountDaysSeenAsync(1, "cam1", Day(7), Day(9), None));
    }

    private IFacenSource Source => (IFacenSource)Store;

    private static async Task<List<long>> IdsAsync(IAsyncEnumerable<Contracts.Index.IndexedFacen> facens)
    {
        var ids = new List<long>();
        await foreach (var facen in facens)
            ids.Add(facen.FaceId);
        return ids;
    }

    private async Task<List<long>> ReadAllIdsAsync()
    {
        var ids = new List<long>();
        await foreach (var facen in Source.ReadAsync(GalleryNames.Default, afterId: 0, None))
            ids.Add(facen.FaceId);
        return [.. ids.Order()];
    }
}
