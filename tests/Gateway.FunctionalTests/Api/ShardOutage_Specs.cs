using System.Diagnostics;
using System.Net;
using System.Text.Json;
using TestSupport;
using Workers.Index.Redis;

namespace Gateway.FunctionalTests.Api;

/// <summary>Real Redis 8 shards stopped under the real gateway (issue 11, item 5): a shard that does not answer is never counted
/// live and never looks empty, writes to it fail with 503 and leave nothing half done, and a deletion answered 503 is finished
/// by its retry once the shards are back.</summary>
public sealed class ShardOutage_Specs : IDisposable
{
    private readonly RedisServers _shards = new(2);
    private readonly GatewayFactory _gateway;
    private readonly HttpClient _client;

    public ShardOutage_Specs()
    {
        _gateway = new RedisShardsGateway(_shards.Endpoints);
        _client = _gateway.CreateAuthorizedClient();
    }

    [Fact]
    public async Task Should_answer_503_to_every_search_and_write_while_no_shard_answers_and_finish_a_deletion_when_retried_after()
    {
        var man1 = await EnrollAsync("man1.jpg");
        var man2 = await EnrollAsync("man2.jpg");
        var facen = (await GetJsonAsync($"/v1/default/get/{man1}")).GetProperty("facen").GetString()!;

        _shards.Stop(0);
        _shards.Stop(1);
        foreach (var strict in new string?[] { null, "false", "true" })
        {
            using var identify = await IdentifyAsync("man1.jpg", strict);
            await AssertUnavailableAsync(identify);
            Assert.False(identify.Headers.Contains("X-Live-Servers"));
        }
        using (var enroll = await _client.PostAsync("/v0/face", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes("astronaut.png")))))
            await AssertUnavailableAsync(enroll);
        Assert.Equal([man2, man1], await StoredFacesAsync());
        await AssertUnavailableAsync(await _client.PostAsync("/v1/default/search/5/0", new StringContent(facen)));
        await AssertUnavailableAsync(await _client.PostAsync($"/v1/default/add/{man1 + 1}", new StringContent(facen)));
        await AssertUnavailableAsync(await _client.GetAsync($"/v1/default/get/{man1}"));
        await AssertUnavailableAsync(await _client.DeleteAsync($"/v1/default/del/{man1}"));
        await AssertUnavailableAsync(await _client.GetAsync("/v1/default/list/0/10"));
        var stat = await GetJsonAsync("/v1/stat/list/1/10");
        Assert.Equal(["down", "down"], stat.GetProperty("shards").EnumerateArray().Select(shard => shard.GetProperty("status").GetString()));

        // The deletion takes the face out of the store, so it is never found while its index entry may still be there.
        await AssertUnavailableAsync(await _client.DeleteAsync($"/v0/face/id/{man2}"));
        using (var gone = await _client.GetAsync($"/v0/face/id/{man2}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        _shards.Start(0);
        _shards.Start(1);
        await WaitUntilEveryShardAnswersAsync();
        Assert.Equal(man2, (await GetJsonAsync($"/v1/default/get/{man2}")).GetProperty("id").GetInt64());
        using (var retried = await _client.DeleteAsync($"/v0/face/id/{man2}"))
            Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        using (var twice = await _client.DeleteAsync($"/v0/face/id/{man2}"))
            Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        using (var absent = await _client.GetAsync($"/v1/default/get/{man2}"))
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Equal([man1], await IdentifiedAsync("man1.jpg"));
        Assert.Equal([man1], await IndexedFacesAsync());
    }

    [Fact]
    public async Task Should_count_only_the_live_shard_refuse_writes_to_the_stopped_one_and_leave_no_partial_enrollment_indexed()
    {
        var enrolled = new List<long>();
        foreach (var photo in new[] { "man1.jpg", "man2.jpg", "astronaut.png", "grace_hopper.jpg" })
            enrolled.Add(await EnrollAsync(photo));
        var facen = (await GetJsonAsync($"/v1/default/get/{enrolled[0]}")).GetProperty("facen").GetString()!;
        var onStopped = enrolled.FirstOrDefault(id => ShardOf(id) == 1);

        _shards.Stop(1);
        using (var partial = await IdentifyAsync("man1.jpg", "false"))
        {
            Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
            Assert.Equal("1/2", Assert.Single(partial.Headers.GetValues("X-Live-Servers")));
        }
        await AssertUnavailableAsync(await IdentifyAsync("man1.jpg", null));
        await AssertUnavailableAsync(await _client.PostAsync("/v1/default/search/5/0", new StringContent(facen)));
        var (liveId, stoppedId) = (NewIdOn(0), NewIdOn(1));
        using (var added = await _client.PostAsync($"/v1/direct/add/{liveId}", new StringContent(facen)))
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        await AssertUnavailableAsync(await _client.PostAsync($"/v1/direct/add/{stoppedId}", new StringContent(facen)));
        await AssertUnavailableAsync(await _client.GetAsync($"/v1/default/get/{stoppedId}"));
        await AssertUnavailableAsync(await _client.DeleteAsync($"/v1/default/del/{stoppedId}"));
        await AssertUnavailableAsync(await _client.GetAsync("/v1/direct/list/0/10"));
        using (var removed = await _client.DeleteAsync($"/v1/default/del/{liveId}"))
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);

        // Group photos: a face on the stopped shard fails the whole enrollment, and what the live shard took is taken back.
        var statuses = new List<HttpStatusCode>();
        foreach (var photo in new[] { "sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg" })
        {
            using var response = await _client.PostAsync("/v0/face",
                ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("mf_selector", "all")));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
                enrolled.AddRange((await response.JsonAsync()).GetProperty("results").EnumerateArray().Select(face => face.GetProperty("id").GetInt64()));
            else
                await AssertUnavailableAsync(response);
        }
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        if (onStopped != 0)
        {
            await AssertUnavailableAsync(await _client.DeleteAsync($"/v0/face/id/{onStopped}"));
            enrolled.Remove(onStopped);
        }

        _shards.Start(1);
        await WaitUntilEveryShardAnswersAsync();
        if (onStopped != 0)
        {
            using var retried = await _client.DeleteAsync($"/v0/face/id/{onStopped}");
            Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        }
        Assert.Equal(enrolled.Order(), (await StoredFacesAsync()).Order());
        Assert.Equal(enrolled.Order(), await IndexedFacesAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _gateway.Dispose();
        _shards.Dispose();
    }

    // The gateway's shards take cells 0-511 and 512-1023 (GatewayFactory.IndexShards).
    private static int ShardOf(long faceId) => ShardMap.CellOf(faceId) < ShardMap.Cells / 2 ? 0 : 1;

    private static long NewIdOn(int shard)
    {
        var id = Random.Shared.NextInt64(1L << 40, 1L << 50);
        while (ShardOf(id) != shard)
            id++;
        return id;
    }

    private async Task<long> EnrollAsync(string photo) =>
        (await _client.EnrollAsync(TestSupport.Photos.Bytes(photo), photo)).GetProperty("id").GetInt64();

    private Task<HttpResponseMessage> IdentifyAsync(string photo, string? strict) =>
        _client.PostAsync("/v0/identify", strict is null
            ? ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("threshold", "none"))
            : ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("threshold", "none"), ("strict", strict)));

    /// <summary>The ids identify answers for the photo's face at the strict threshold.</summary>
    private async Task<List<long>> IdentifiedAsync(string photo)
    {
        using var response = await _client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo))));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return [.. Assert.Single(json.GetProperty("results").EnumerateObject()).Value.EnumerateArray()
            .Select(match => match.GetProperty("face").GetProperty("id").GetInt64())];
    }

    /// <summary>Every stored face, newest first.</summary>
    private async Task<List<long>> StoredFacesAsync() =>
        [.. (await GetJsonAsync("/v0/faces?limit=1000")).GetProperty("results").EnumerateArray().Select(face => face.GetProperty("id").GetInt64())];

    /// <summary>Every face id the shards hold, by increasing id.</summary>
    private async Task<List<long>> IndexedFacesAsync() =>
        [.. (await GetJsonAsync("/v1/default/list/0/1000")).GetProperty("faces").EnumerateArray().Select(face => face.GetProperty("id").GetInt64())];

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {json}");
        return json;
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var json = await response.JsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {json}");
            Assert.Equal("SERVICE_UNAVAILABLE", json.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("reason").GetString()));
        }
    }

    // A restarted shard is back once the gateway's connection to it is: a strict search then answers.
    private async Task WaitUntilEveryShardAnswersAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var search = await IdentifyAsync("man1.jpg", "true");
            if (search.StatusCode == HttpStatusCode.OK)
                return;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The restarted shards did not answer within a minute.");
            await Task.Delay(250);
        }
    }
}
