-- EchoTest in Lua (janus.plugin.echolua): answers like Janus's EchoTest and echoes media and data back.
-- The pattern all three echo examples share: handleMessage queues the request and answers janus.later() (the client
-- gets its ack), then resumeScheduler(), woken by pokeScheduler() on the plugin's next turn, pushes the event.
-- Messages, jsep and events are Lua tables; data is plain UTF-8 text, no length needed.

local sessions = {}
local tasks = {}

function getPackage() return "janus.plugin.echolua" end
function getName() return "Lua EchoTest" end
function getDescription() return "A simple EchoTest plugin written in Lua" end
function getAuthor() return "Janus C#" end
function getVersion() return 1 end
function getVersionString() return "0.1" end

function init(config) janusLog(4, "echolua: started (config " .. tostring(config) .. ")") end
function destroy() janusLog(4, "echolua: stopped") end

function createSession(id) sessions[id] = { audio = true, video = true, data = true, bitrate = 0 } end
function destroySession(id) sessions[id] = nil end
function querySession(id) return sessions[id] or {} end

function handleMessage(id, transaction, message, jsep)
  if sessions[id] == nil then return janus.refuse("No session") end
  tasks[#tasks + 1] = { id = id, transaction = transaction, body = message, jsep = jsep }
  pokeScheduler()
  return janus.later()
end

local function toggle(id, session, medium, value)
  if value == nil then return end
  configureMedium(id, medium, "in", value)
  configureMedium(id, medium, "out", value)
  session[medium] = value
end

local function apply(id, session, body)
  toggle(id, session, "audio", body.audio)
  toggle(id, session, "video", body.video)
  toggle(id, session, "data", body.data)
  if body.bitrate ~= nil then setBitrate(id, body.bitrate); session.bitrate = body.bitrate end
  if body.keyframe == true then sendPli(id) end
  if body.substream ~= nil then setSubstream(id, body.substream) end
  if body.temporal ~= nil then setTemporalLayer(id, body.temporal) end
  if body.spatial_layer ~= nil then setSpatialLayer(id, body.spatial_layer) end
  if body.temporal_layer ~= nil then setTemporalLayer(id, body.temporal_layer) end
  if body.record == true then
    -- Like Janus's echotest.lua: Opus and VP8 assumed; a filename with a folder in it is used as given, else /tmp.
    local base = body.filename or ("echolua-" .. id .. "-" .. os.time())
    local folder = "/tmp"
    if string.find(base, "/") then folder = nil end
    if startRecording(id, "audio", "opus", folder, base .. "-audio", "video", "vp8", folder, base .. "-video",
        "data", "text", folder, base .. "-data") < 0 then
      return "Error starting the recording"
    end
  end
  if body.record == false then stopRecording(id, "audio", "video", "data") end
end

function resumeScheduler()
  local pending = tasks
  tasks = {}
  for _, task in ipairs(pending) do
    local session = sessions[task.id]
    if session then
      local failure = apply(task.id, session, task.body)
      local event = { echotest = "event", result = "ok" }
      if failure then event = { echotest = "event", error_code = 499, error = failure } end
      local answer = nil
      if task.jsep and task.jsep.type == "offer" then
        answer = { type = "answer", sdp = generateAnswer(task.jsep.sdp, { audio = session.audio, video = session.video, data = session.data }) }
      end
      pushEvent(task.id, task.transaction, event, answer)
    end
  end
end

function setupMedia(id) addRecipient(id, id) end
function hangupMedia(id) end
function dataReady(id) end
function slowLink(id, uplink, video) janusLog(5, "echolua: slow link on " .. id) end

-- Simulcast: the core switched what this session gets back; tell the user as Janus's EchoTest does.
function substreamChanged(id, substream)
  pushEvent(id, nil, { echotest = "event", videocodec = "vp8", substream = substream })
end
function temporalLayerChanged(id, temporal)
  pushEvent(id, nil, { echotest = "event", videocodec = "vp8", temporal = temporal })
end
-- SVC (VP9, AV1): the spatial layer this session gets back changed.
function spatialLayerChanged(id, layer)
  pushEvent(id, nil, { echotest = "event", videocodec = "vp9", spatial_layer = layer })
end

function incomingTextData(id, text, len, label, protocol)
  relayTextData(id, "[echolua] " .. text, label, protocol)
end

-- Hot reload: the next version of this file gets the sessions' settings (JSON object keys are strings).
function exportState() return { sessions = sessions } end
function importState(state)
  if state == nil then return end
  for id, session in pairs(state.sessions or {}) do sessions[tonumber(id)] = session end
end
