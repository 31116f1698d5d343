// The mark of an ALB weight change's id, apart from alb.ts so that code routing a change id (the Traffic port,
// Check DNS sync) does not load the ALB adapter and its ELBv2 client: a Route 53 cold start never needs them.

/** Change ids of ALB writes start with this: they are applied on return, so always INSYNC. */
export const ALB_CHANGE_PREFIX = "alb:";
