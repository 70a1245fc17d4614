-- Replays pre-signed requests (loadtest/wrk/WrkRequests.java) round-robin; each wrk thread
-- starts at its own offset so many-key runs spread over the keys.
-- Usage: wrk -t2 -c32 -d20s -s loadtest/wrk/replay.lua http://127.0.0.1:PORT -- requests.req
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  reqs = {}
  local pos = 1
  while pos <= #data do
    local nl = string.find(data, "\n", pos, true)
    local len = tonumber(string.sub(data, pos, nl - 1))
    reqs[#reqs + 1] = string.sub(data, nl + 1, nl + len)
    pos = nl + 1 + len
  end
  i = ((offset or 0) * 7919) % #reqs
end

function request()
  i = i % #reqs + 1
  return reqs[i]
end
