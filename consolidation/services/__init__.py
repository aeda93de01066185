"""Rules of consolidation, as functions that write (HackSoft's services), split by area:
`reviews`, `plans`, `tasks`, `evaluations`, `registers`, `quarterly`. Callers import the
module they mean."""
