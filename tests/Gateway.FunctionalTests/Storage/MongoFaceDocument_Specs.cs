using Gateway.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static Gateway.FunctionalTests.Storage.StoredFaces;

namespace Gateway.FunctionalTests.Storage;

/// <summary>The MongoDB store's face documents through real BSON bytes, which needs no server (none can run here).</summary>
public sealed class MongoFaceDocument_Specs
{
    [Fact]
    public void Should_read_back_a_face_from_its_bson_bytes_without_a_server()
    {
        var full = Full(1L << 52, "alice", ["visitors", "default", "Staff"]);
        var bare = Face(2, "", []);

        foreach (var (face, galleries) in new[] { (full, (string[])["Staff", "visitors"]), (bare, []) })
        {
            var bytes = MongoFaceStore.ToDocument(WithFacen(face)).ToBson();

            var document = BsonSerializer.Deserialize<BsonDocument>(bytes);

            Assert.Equal(face.Id, document["_id"].AsInt64);
            Assert.Equal(Facen(face.Id).Length * sizeof(float), document["facen"].AsByteArray.Length);
            Assert.Equal(FacenModel, document["facen_model"].AsString);
            AssertFace(face with { Galleries = galleries }, MongoFaceStore.FromDocument(document));
        }
    }

    [Fact]
    public void Should_read_a_document_written_before_persons_and_camera_history()
    {
        var full = Full(3, "alice", []);
        var document = MongoFaceStore.ToDocument(WithFacen(full));
        foreach (var field in new[] { "cam_id", "person_id", "person_space", "friend", "capture_key", "person_confidence" })
            document.Remove(field);

        var face = MongoFaceStore.FromDocument(BsonSerializer.Deserialize<BsonDocument>(document.ToBson()));

        AssertFace(full with { CameraId = null, PersonId = null, PersonSpace = null, Friend = null, CaptureKey = null, PersonConfidence = null },
            face);
    }

    [Fact]
    public void Should_leave_the_capture_key_out_of_a_face_without_one_for_the_sparse_unique_index()
    {
        var captured = Full(4, "", []);

        Assert.False(MongoFaceStore.ToDocument(WithFacen(Face(5, "", []))).Contains("capture_key"));
        var key = MongoFaceStore.ToDocument(WithFacen(captured))["capture_key"].AsBsonBinaryData;
        // The standard UUID subtype, as the driver writes a Guid filter.
        Assert.Equal((BsonBinarySubType.UuidStandard, captured.CaptureKey), (key.SubType, key.ToGuid()));
    }
}
