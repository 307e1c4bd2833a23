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
            var bytes = MongoFaceStore.ToDocument(face).ToBson();

            var document = BsonSerializer.Deserialize<BsonDocument>(bytes);

            Assert.Equal(face.Id, document["_id"].AsInt64);
            Assert.Equal(face.Facen.Length * sizeof(float), document["facen"].AsByteArray.Length);
            AssertFace(face with { Galleries = galleries }, MongoFaceStore.FromDocument(document));
        }
    }

    [Fact]
    public void Should_read_a_document_written_before_persons_and_camera_history()
    {
        var document = MongoFaceStore.ToDocument(Full(3, "alice", []));
        foreach (var field in new[] { "cam_id", "person_id", "person_space", "friend" })
            document.Remove(field);

        var face = MongoFaceStore.FromDocument(BsonSerializer.Deserialize<BsonDocument>(document.ToBson()));

        AssertFace(Full(3, "alice", []) with { CameraId = null, PersonId = null, PersonSpace = null, Friend = null }, face);
    }
}
