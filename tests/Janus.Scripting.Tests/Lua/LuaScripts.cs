namespace Janus.Scripting.Tests.Lua;

internal static class LuaScripts
{
    /// <summary>Every request calls one server function and answers what it returned, synchronously.</summary>
    public const string ApiProbe = """
        local log = {}
        function getPackage() return "janus.plugin.probelua" end
        function getName() return "Probe" end
        function getVersion() return 7 end
        function getVersionString() return "0.0.7" end
        function getDescription() return "probe" end
        function getAuthor() return "tests" end
        function init(config) log[#log + 1] = "init:" .. tostring(config) end
        function destroy() end
        function createSession(id) log[#log + 1] = "create:" .. id end
        function destroySession(id) end
        function querySession(id) return json.encode({ id = id, log = #log }) end
        function setupMedia(id) log[#log + 1] = "setup" end
        function hangupMedia(id) log[#log + 1] = "hangup" end
        function resumeScheduler() log[#log + 1] = "resumed" end
        function later(arg) log[#log + 1] = "later:" .. tostring(arg) end
        function incomingTextData(id, buf, len, label) relayTextData(id, "echo:" .. buf, len + 5, label) end
        function handleAdminMessage(msg) local m = json.decode(msg); return json.encode({ admin = m.ping }) end
        function handleMessage(id, tx, msg, jsep)
          local m = json.decode(msg)
          local r = m.request
          local result
          if r == "sync" then return 0, json.encode({ probe = "sync", tx = tx })
          elseif r == "async" then return 1, nil
          elseif r == "refuse" then return -1, "refused by script"
          elseif r == "reply" then return janus.reply({ probe = "reply", tx = tx })
          elseif r == "later" then return janus.later("soon")
          elseif r == "refuseCode" then return janus.refuse(m.reason, 499)
          elseif r == "refusePlain" then return janus.refuse(m.reason)
          elseif r == "native" then
            result = { isObject = type(msg) == "table", request = msg.request, decoded = json.decode(msg).request,
              text = tostring(msg), jsepType = jsep and jsep.type, nested = msg.inner and msg.inner.list[2] }
          elseif r == "missing" then
            local missing = {}
            for _, name in ipairs(m.names) do if type(_G[name]) ~= "function" then missing[#missing + 1] = name end end
            for _, name in ipairs(m.helpers) do if type(janus[name]) ~= "function" then missing[#missing + 1] = "janus." .. name end end
            result = table.concat(missing, ",")
          elseif r == "boom" then error("kaboom")
          elseif r == "push" then result = pushEvent(id, tx, json.encode({ probe = "event" }), jsep)
          elseif r == "pushTable" then result = pushEvent(id, tx, { probe = "table", list = { 1, 2, 3 } })
          elseif r == "notify" then result = notifyEvent(id, { probe = "notified" })
          elseif r == "eventsEnabled" then result = eventsIsEnabled()
          elseif r == "closePc" then result = closePc(id)
          elseif r == "endSession" then result = endSession(id)
          elseif r == "configure" then result = configureMedium(id, m.medium, m.direction, m.enabled)
          elseif r == "addRecipient" then result = addRecipient(id, m.to)
          elseif r == "removeRecipient" then result = removeRecipient(id, m.to)
          elseif r == "bitrate" then result = setBitrate(id, m.bitrate)
          elseif r == "pliFreq" then result = setPliFreq(id, m.seconds)
          elseif r == "substream" then result = setSubstream(id, m.substream)
          elseif r == "temporal" then result = setTemporalLayer(id, m.temporal)
          elseif r == "spatial" then result = setSpatialLayer(id, m.spatial)
          elseif r == "pli" then result = sendPli(id)
          elseif r == "rtp" then result = relayRtp(id, true, "\128\96\0\1", 4)
          elseif r == "rtcp" then result = relayRtcp(id, true, "\129\201\0\1", 4)
          elseif r == "text" then result = relayTextData(id, "hello", 5)
          elseif r == "textUtf8" then result = relayTextData(id, m.text, nil, "utf8")
          elseif r == "binary" then result = relayBinaryData(id, "\0\1\2", 3)
          elseif r == "record" then result = startRecording(id, "audio", "opus", m.folder, "x", "data", "text", m.folder, "x-data")
          elseif r == "recordBad" then result = startRecording(id, "video", "speex", m.folder, "y")
          elseif r == "recordArgs" then result = startRecording(id, "audio", "opus")
          elseif r == "stopRecord" then result = stopRecording(id, "audio")
          elseif r == "poke" then result = pokeScheduler()
          elseif r == "timer" then result = timeCallback("later", "tick", 10)
          elseif r == "log" then janusLog(4, "probe log"); result = 0
          elseif r == "config" then result = getConfig().room.name .. "/" .. janusConfig.room.name
          elseif r == "answer" then result = generateAnswer("v=0\r\n", { audio = true })
          elseif r == "history" then result = table.concat(log, ",")
          elseif r == "badPush" then result = pushEvent(id, tx, "{not json")
          elseif r == "sandbox" then
            result = table.concat({ type(os.execute), type(io), type(debug), type(luanet), type(dofile), type(loadfile),
              type(string.dump), type(package.loadlib), tostring(pcall(require, "socket")), type(os.time) }, ",")
          elseif r == "bytecode" then
            local f, err = load("\27Lua\84\0", "x", "b")
            result = tostring(f) .. ":" .. tostring(err)
          elseif r == "spin" then while true do end
          elseif r == "spinProtected" then while true do pcall(function() while true do end end) end
          elseif r == "spinCoroutine" then local co = coroutine.create(function() while true do end end); coroutine.resume(co); result = "escaped"
          elseif r == "hog" then local t = {}; for i = 1, 1e9 do t[i] = string.rep("x", 1024) .. i end
          else return -1, "unknown request" end
          return 0, json.encode({ result = result })
        end
        """;
}
