using Contracts.Index;

namespace Workers.Index.Redis;

/// <summary>The Lua scripts a shard runs, so that a face's vector sets change together: a search never sees a face in a
/// gallery after its removal, and a face's galleries never drift from its attribute.</summary>
/// <remarks>Keys: <c>facen:{gallery}</c>, one vector set per gallery, "default" holding every face of the shard; elements
/// are decimal face ids. The face's named galleries are its attribute in "default" ("staff,vip"; gallery names hold no
/// comma), so a removal knows which sets to leave without asking each of them. Every script that changes a face also appends
/// it to the shard's change feed (<see cref="FeedKey"/>) in the same call, which the index workers' int8 copies of the shard
/// replay (<see cref="ShardCopy"/>).</remarks>
internal static class ShardScripts
{
    public const string KeyPrefix = "facen:";
    public const string DefaultKey = KeyPrefix + GalleryNames.Default;

    /// <summary>The shard's change feed: a stream with an entry per write script that changed faces, "faces" and their ids
    /// ("17,503"), or "dropped" and a gallery's name; written in the script of the change, so that it is never missed nor early.</summary>
    public const string FeedKey = "changes";

    // Entries the feed keeps at least (XADD MAXLEN ~, trimmed by whole stream nodes): ~10,000 scripts of up to 32 faces, ~3 MB.
    // A copy that fell further behind reloads the shard, which is as cheap as replaying that many changes.
    private const string FeedEntries = "10000";

    // changed(ids): appends the ids of the faces a script changed to the feed; dropped(gallery): a gallery that is gone.
    private const string Feed = $$"""

        local function changed(ids)
          if #ids > 0 then redis.call('XADD', '{{FeedKey}}', 'MAXLEN', '~', '{{FeedEntries}}', '*', 'faces', table.concat(ids, ',')) end
        end
        local function dropped(gallery)
          redis.call('XADD', '{{FeedKey}}', 'MAXLEN', '~', '{{FeedEntries}}', '*', 'dropped', gallery)
        end
        """;

    // A face's named galleries, its attribute in "default", as a set: split("staff,vip") and back with join.
    private const string Galleries = """
        local function split(csv)
          local set = {}
          for g in string.gmatch(csv or '', '[^,]+') do set[g] = true end
          return set
        end
        local function join(set)
          local list = {}
          for g in pairs(set) do list[#list + 1] = g end
          return table.concat(list, ',')
        end
        """;

    /// <summary>check(csv): refuses a write to cells this shard no longer owns, before anything changes: "CELLMOVED cell endpoint"
    /// for a cell moved to another shard (the writer's map is old), "CELLFROZEN cell" for one being copied by the reshard
    /// command (the writer waits and tries again). Every write script takes the cells it touches as its last argument.</summary>
    private const string CellCheck = """
        local function check(csv)
          if redis.call('EXISTS', 'cells:moved') == 0 then return end
          for c in string.gmatch(csv, '[^,]+') do
            local state = redis.call('HGET', 'cells:moved', c)
            if state == 'frozen' then error({err = 'CELLFROZEN ' .. c}) end
            if state then error({err = 'CELLMOVED ' .. c .. ' ' .. state}) end
          end
        end
        check(ARGV[#ARGV])

        """;

    /// <summary>vadd(key, vector, id): VADD with the index's options, ARGV[1] (<see cref="RedisIndexOptions.VaddOptions"/>:
    /// "Q8 M 16 EF 200"); vector is {'FP32', blob} or {'VALUES', count, ...}.</summary>
    private const string Vadd = CellCheck + Galleries + Feed + """

        local options = {}
        for option in string.gmatch(ARGV[1], '%S+') do options[#options + 1] = option end
        local function vadd(key, vector, id)
          local call = {'VADD', key}
          for _, v in ipairs(vector) do call[#call + 1] = v end
          call[#call + 1] = id
          for _, o in ipairs(options) do call[#call + 1] = o end
          return redis.call(unpack(call))
        end
        """;

    /// <summary>ARGV: VADD options, then (face id, float32 facen, galleries csv) per face, then their cells; VADD of a face
    /// already there replaces it, so adding twice is harmless.</summary>
    public const string Add = Vadd + """

        local ids = {}
        for i = 2, #ARGV - 1, 3 do
          local id, vector, csv = ARGV[i], {'FP32', ARGV[i + 1]}, ARGV[i + 2]
          ids[#ids + 1] = id
          local before = split(redis.call('VGETATTR', 'facen:default', id))
          vadd('facen:default', vector, id)
          redis.call('VSETATTR', 'facen:default', id, csv)
          local after = split(csv)
          for g in pairs(after) do vadd('facen:' .. g, vector, id) end
          for g in pairs(before) do
            if not after[g] then redis.call('VREM', 'facen:' .. g, id) end
          end
        end
        changed(ids)
        return (#ARGV - 2) / 3
        """;

    // evict(id): takes a face out of every set of the shard; 1 when it was there, and then it is in the list evicted.
    private const string Evict = Galleries + Feed + """

        local evicted = {}
        local function evict(id)
          for g in pairs(split(redis.call('VGETATTR', 'facen:default', id))) do redis.call('VREM', 'facen:' .. g, id) end
          local removed = redis.call('VREM', 'facen:default', id)
          if removed == 1 then evicted[#evicted + 1] = id end
          return removed
        end
        """;

    /// <summary>ARGV: face ids, then their cells; returns how many were there.</summary>
    public const string Remove = CellCheck + Evict + """

        local removed = 0
        for i = 1, #ARGV - 1 do removed = removed + evict(ARGV[i]) end
        changed(evicted)
        return removed
        """;

    /// <summary>ARGV: face ids. Removes them whatever cells the shard owns: the reshard command's removal of the copies a
    /// shard kept of the cells it gave away.</summary>
    public const string RemoveCopies = Evict + """

        local removed = 0
        for _, id in ipairs(ARGV) do removed = removed + evict(id) end
        changed(evicted)
        return removed
        """;

    /// <summary>ARGV: VADD options, face id, galleries csv, cell; a new gallery gets the facen kept in "default". Returns 0 when
    /// the face is not on this shard.</summary>
    public const string SetGalleries = Vadd + """

        local id, csv = ARGV[2], ARGV[3]
        local facen = redis.call('VEMB', 'facen:default', id)
        if not facen then return 0 end
        local before, after = split(redis.call('VGETATTR', 'facen:default', id)), split(csv)
        local vector = {'VALUES', #facen}
        for i = 1, #facen do vector[#vector + 1] = facen[i] end
        for g in pairs(after) do
          if not before[g] then vadd('facen:' .. g, vector, id) end
        end
        for g in pairs(before) do
          if not after[g] then redis.call('VREM', 'facen:' .. g, id) end
        end
        redis.call('VSETATTR', 'facen:default', id, csv)
        changed({id})
        return 1
        """;

    /// <summary>ARGV: gallery; takes it out of each member's attribute, deletes its set and returns how many it held.</summary>
    public const string DropGallery = Galleries + Feed + """

        local gallery = ARGV[1]
        local key = 'facen:' .. gallery
        local count = redis.call('VCARD', key)
        if count == 0 then return 0 end
        for _, id in ipairs(redis.call('VRANDMEMBER', key, count)) do
          local kept = split(redis.call('VGETATTR', 'facen:default', id))
          kept[gallery] = nil
          redis.call('VSETATTR', 'facen:default', id, join(kept))
        end
        redis.call('DEL', key)
        dropped(gallery)
        return count
        """;

    /// <summary>ARGV: VADD options, face id, float32 facen, gallery, cell; returns 0 when the face is in the gallery already. A face
    /// indexed in other galleries joins this one and takes the facen in all of them, as a face has one facen.</summary>
    public const string AddToGallery = Vadd + """

        local id, vector, gallery = ARGV[2], {'FP32', ARGV[3]}, ARGV[4]
        if redis.call('VISMEMBER', 'facen:' .. gallery, id) == 1 then return 0 end
        local galleries = split(redis.call('VGETATTR', 'facen:default', id))
        if gallery ~= 'default' then galleries[gallery] = true end
        vadd('facen:default', vector, id)
        for g in pairs(galleries) do vadd('facen:' .. g, vector, id) end
        redis.call('VSETATTR', 'facen:default', id, join(galleries))
        changed({id})
        return 1
        """;

    /// <summary>ARGV: face id, gallery, cell; returns 0 when the face is not in the gallery. Out of "default" the face leaves every set.</summary>
    public const string RemoveFromGallery = CellCheck + Galleries + Feed + """

        local id, gallery = ARGV[1], ARGV[2]
        if redis.call('VISMEMBER', 'facen:' .. gallery, id) == 0 then return 0 end
        local galleries = split(redis.call('VGETATTR', 'facen:default', id))
        if gallery == 'default' then
          for g in pairs(galleries) do redis.call('VREM', 'facen:' .. g, id) end
        else
          galleries[gallery] = nil
          redis.call('VSETATTR', 'facen:default', id, join(galleries))
        end
        redis.call('VREM', 'facen:' .. gallery, id)
        changed({id})
        return 1
        """;

    /// <summary>ARGV: face id, gallery, cell; the facen as VEMB gives it, or nil when the face is not in the gallery.</summary>
    public const string GetFacen = CellCheck + """
        return redis.call('VEMB', 'facen:' .. ARGV[2], ARGV[1])
        """;

    // export(ids): for each face the shard holds, {id, galleries csv, quantisation, stored bytes, norm, int8 range, dimension}
    // (VEMB RAW: a byte or four per component, where VEMB's values are a decimal number each).
    private const string ExportFaces = """
        local function export(ids)
          local faces = {}
          if redis.call('EXISTS', 'facen:default') == 0 then return faces end
          local dimension = redis.call('VDIM', 'facen:default')
          for _, id in ipairs(ids) do
            local raw = redis.call('VEMB', 'facen:default', id, 'RAW')
            if raw then
              faces[#faces + 1] = {id, redis.call('VGETATTR', 'facen:default', id) or '', raw[1].ok or raw[1], raw[2], raw[3], raw[4] or '0', dimension}
            end
          end
          return faces
        end

        """;

    /// <summary>ARGV: face ids; the faces of them the shard holds, with their galleries and stored facens (<see cref="RedisShard.ExportAsync"/>
    /// turns them into facens): what the reshard command copies to a cell's new shard and a worker's copy of the shard loads.</summary>
    public const string Export = ExportFaces + """
        return export(ARGV)
        """;

    /// <summary>Where the change feed ends now: {last entry id, entries ever added}. A shard without a feed gets one, with a
    /// first entry that changes nothing, so that a feed deleted later (the shard emptied) shows as a feed that went back.</summary>
    public const string FeedPosition = FeedInfo + $$"""
        if redis.call('EXISTS', '{{FeedKey}}') == 0 then redis.call('XADD', '{{FeedKey}}', '*', 'start', '1') end
        local info = feed_info()
        return {info['last-generated-id'], info['entries-added']}
        """;

    // feed_info(): the fields of XINFO STREAM on the feed, by name ('last-generated-id', 'entries-added', ...).
    private const string FeedInfo = $$"""
        local function feed_info()
          local info, fields = redis.call('XINFO', 'STREAM', '{{FeedKey}}'), {}
          for i = 1, #info, 2 do fields[info[i]] = info[i + 1] end
          return fields
        end

        """;

    /// <summary>ARGV: the last feed entry id a copy replayed, the entries the feed had added up to it, and the most entries it
    /// replays. Returns {map version, entries ever added, last entry id, dropped galleries, the changed faces the shard holds
    /// (as <see cref="Export"/>), the changed faces' ids}, all as of one moment: or {map version, -1} when entries after that
    /// id are gone (trimmed, or the feed deleted), {map version, -2} when they are more than the most; the copy then loads the
    /// shard again instead, and counts the load under that reason.</summary>
    public const string Changes = ExportFaces + FeedInfo + $$"""
        local version = redis.call('HGET', '{{MapKey}}', 'version') or '0'
        if redis.call('EXISTS', '{{FeedKey}}') == 0 then return {version, -1} end
        local added = feed_info()['entries-added']
        local entries = redis.call('XRANGE', '{{FeedKey}}', '(' .. ARGV[1], '+')
        if added - tonumber(ARGV[2]) ~= #entries then return {version, -1} end
        if #entries > tonumber(ARGV[3]) then return {version, -2} end
        local ids, named, dropped = {}, {}, {}
        for _, entry in ipairs(entries) do
          local field, value = entry[2][1], entry[2][2]
          if field == 'faces' then
            for id in string.gmatch(value, '[^,]+') do
              if not named[id] then named[id], ids[#ids + 1] = true, id end
            end
          elseif field == 'dropped' then
            dropped[#dropped + 1] = value
          end
        end
        local last = #entries > 0 and entries[#entries][1] or ARGV[1]
        return {version, added, last, dropped, export(ids), ids}
        """;

    /// <summary>The shard map's key: fields "version" and "map" (<see cref="ShardMap.ToText"/>).</summary>
    public const string MapKey = "shardmap";

    // setmap(version, text): stores a map unless the shard holds a newer one.
    private const string SetMap = """
        local function setmap(version, text)
          if tonumber(redis.call('HGET', 'shardmap', 'version') or '-1') < tonumber(version) then
            redis.call('HSET', 'shardmap', 'version', version, 'map', text)
          end
        end

        """;

    /// <summary>ARGV: map version, map text. Stores the map unless the shard holds a newer one.</summary>
    public const string StoreMap = SetMap + """
        setmap(ARGV[1], ARGV[2])
        return 1
        """;

    /// <summary>ARGV: cells. The reshard command's first step on a cell's old shard: writes to the cells wait (CELLFROZEN)
    /// while their faces are copied. Returns every face id of the shard as it is once they are frozen: listed in the same
    /// script, so that no write lands between the freeze and the listing, nor between counting the set and reading it (see
    /// <see cref="RedisShard.AllIdsAsync"/> for what a face added in that gap did).</summary>
    public const string Freeze = """
        for _, c in ipairs(ARGV) do redis.call('HSET', 'cells:moved', c, 'frozen') end
        local size = redis.call('VCARD', 'facen:default')
        if size == 0 then return {} end
        return redis.call('VRANDMEMBER', 'facen:default', size)
        """;

    /// <summary>ARGV: cells. Lets writes to frozen cells go on here (a reshard that stopped before moving them).</summary>
    public const string Thaw = """
        local thawed = 0
        for _, c in ipairs(ARGV) do
          if redis.call('HGET', 'cells:moved', c) == 'frozen' then thawed = thawed + redis.call('HDEL', 'cells:moved', c) end
        end
        return thawed
        """;

    /// <summary>ARGV: map version, map text, the shard the cells go to, cells. On a cell's old shard, with the new map: a write
    /// to the cells is refused with CELLMOVED from now on, so that no write lands on the copies about to be removed.</summary>
    public const string GiveCells = SetMap + """
        setmap(ARGV[1], ARGV[2])
        for i = 4, #ARGV do redis.call('HSET', 'cells:moved', ARGV[i], ARGV[3]) end
        return #ARGV - 3
        """;

    /// <summary>ARGV: map version, map text, cells. On a cell's new shard, with the new map: the cells are this shard's (again).</summary>
    public const string TakeCells = SetMap + """
        setmap(ARGV[1], ARGV[2])
        for i = 3, #ARGV do redis.call('HDEL', 'cells:moved', ARGV[i]) end
        return #ARGV - 2
        """;

    /// <summary>ARGV: gallery, smallest face id (decimal, not negative), count; the gallery's smallest ids from there, in order.
    /// Ids compare as decimal strings (shorter is smaller), since Lua's numbers lose integers above 2^53. A vector set has no
    /// order, so this reads every member: a diagnostic, not a path for large galleries.</summary>
    public const string ListIds = """
        local key, start, count = 'facen:' .. ARGV[1], ARGV[2], tonumber(ARGV[3])
        local function less(a, b) return #a < #b or (#a == #b and a < b) end
        local size = redis.call('VCARD', key)
        if size == 0 then return {} end
        local ids = {}
        for _, id in ipairs(redis.call('VRANDMEMBER', key, size)) do
          if not less(id, start) then ids[#ids + 1] = id end
        end
        table.sort(ids, less)
        local page = {}
        for i = 1, math.min(count, #ids) do page[i] = ids[i] end
        return page
        """;

    /// <summary>Returns (gallery, size, dimension, quantisation) per gallery set of the shard from VINFO, read together so that
    /// the sizes belong to one moment. KEYS is fine here: a shard holds only gallery sets, a few per gallery name.</summary>
    public const string Stats = """
        local stats = {}
        for _, key in ipairs(redis.call('KEYS', 'facen:*')) do
          -- VINFO answers names and words as status replies, which Lua sees as {ok = text}.
          local info, field = redis.call('VINFO', key), {}
          for i = 1, #info, 2 do
            local value = info[i + 1]
            field[info[i].ok or info[i]] = type(value) == 'table' and value.ok or value
          end
          stats[#stats + 1] = {string.sub(key, 7), field['size'], field['vector-dim'], field['quant-type']}
        end
        return stats
        """;
}
