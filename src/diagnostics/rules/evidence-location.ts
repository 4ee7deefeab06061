import { examplePhoto } from "../example-photo.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** Where the photo says it was taken, in degrees. */
  latitude: number;
  longitude: number;
}

export default {
  id: "evidence-location",
  severity: "warning",
  reportedBy: "check",
  summary: "A photo among the evidence records where it was taken (GPS), which may be someone's home; remove the location before citing it.",
  message: ({ latitude, longitude }: Facts) => `This photo records where it was taken (${latitude.toFixed(4)}, ${longitude.toFixed(4)}), which may be someone's home`,
  hint: () => "remove the location (for instance `exiftool -gps:all= FILE`) and save it again",
  shared: () => "This photo records where it was taken",
  docs: "Finds a photo among the evidence whose metadata records where it was taken (GPS latitude and longitude, as most phones write). The photo is published as it is, and the place may be someone's home or the learner's own. Remove the location before citing it (`exiftool -gps:all= FILE`, or the phone's option to share without location), and save it again.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/whiteboard.jpg
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/whiteboard.jpg": examplePhoto({ gps: { latitude: 53.4808, longitude: -2.2426 } }),
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/whiteboard.jpg
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/whiteboard.jpg": examplePhoto(),
    },
  },
} as const satisfies RuleDefinition;
