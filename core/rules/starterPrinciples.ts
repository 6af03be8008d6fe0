import type { PrincipleContent } from '../api/contract/principles';

/**
 * A starting point in our own words, offered on first run and marked as a
 * draft: principles only work when a company rewrites them in its own voice.
 */
export const STARTER_PRINCIPLES: readonly PrincipleContent[] = [
  {
    name: 'Start from the customer',
    summary: 'Works backwards from what the people we serve actually need.',
    description:
      'Looks for evidence of real customer problems before building, talks to customers directly, and changes course when what they learn contradicts the plan.',
    anchors: [
      'Decisions rest on their own preferences; customers are an afterthought.',
      'Mentions customers but cannot show how they shaped a decision.',
      'Sought out customer evidence and changed a plan because of it.',
      'Made customer insight a habit for the team and can show the outcome it produced.',
    ],
  },
  {
    name: 'Own the outcome',
    summary: 'Acts on behalf of the whole company and finishes what they start.',
    description:
      'Takes responsibility beyond their job description, does not say "that is not my job", and follows problems through to the result rather than handing them off.',
    anchors: [
      'Blames others or the situation; drops work at the boundary of their role.',
      'Does their own part well but waits for others to fix what sits between roles.',
      'Stepped outside their role to get a result and followed it through.',
      'Took on a problem nobody owned, saw it to a measurable result, and left a lasting fix.',
    ],
  },
  {
    name: 'Raise the bar',
    summary: 'Holds themselves and others to high standards, and keeps raising them.',
    description:
      'Notices when quality slips, fixes root causes rather than symptoms, and helps the people around them get better.',
    anchors: [
      'Accepts "good enough" even when it hurts customers or the team.',
      'Keeps their own work tidy but does not notice or address wider quality problems.',
      'Raised a standard and can show the difference it made.',
      'Raised the standard for a whole team or system, and it stuck after they moved on.',
    ],
  },
  {
    name: 'Learn and stay curious',
    summary: 'Seeks out what they do not know and changes their mind with evidence.',
    description: 'Reads, asks and experiments; admits mistakes quickly and turns them into lessons others can use.',
    anchors: [
      'Defends their first view against evidence; no example of learning from a mistake.',
      'Learns when it is handed to them; describes mistakes without what changed.',
      'Went looking for something they did not know and used it to change what they did.',
      'Changed their own mind and the team\'s practice on the strength of evidence they gathered.',
    ],
  },
  {
    name: 'Decide with care, move with speed',
    summary: 'Tells reversible decisions from irreversible ones and acts accordingly.',
    description:
      'Makes reversible calls quickly with the information at hand, slows down for the ones that cannot be undone, and is clear about which is which.',
    anchors: [
      'Stalls on small decisions or rushes big ones without weighing the risk.',
      'Decides at a steady pace but treats every decision the same way.',
      'Moved fast on a reversible call and took care over an irreversible one, and can explain why.',
      'Set up how a team decides, so it moved faster without more costly mistakes.',
    ],
  },
  {
    name: 'Earn trust',
    summary: 'Is candid, listens, and treats others with respect, especially in disagreement.',
    description:
      'Says what they think with care, admits when they are wrong, keeps their word, and gives credit where it is due.',
    anchors: [
      'Hides problems, takes credit, or is dismissive of others.',
      'Is pleasant but avoids hard conversations.',
      'Raised a hard truth respectfully and kept the relationship.',
      'Rebuilt trust in a difficult situation and can show how the relationship changed.',
    ],
  },
  {
    name: 'Disagree, then commit',
    summary: 'Challenges decisions they disagree with, then backs the decision fully.',
    description:
      'Brings evidence and speaks up even when it is uncomfortable; once a decision is made, commits to it without undermining it.',
    anchors: [
      'Stays silent, or keeps fighting a decision after it is made.',
      'Voices disagreement but without evidence, or commits only half-heartedly.',
      'Argued a case with evidence, lost, and then committed fully.',
      'Changed an important decision through evidence, or made a decision they opposed succeed.',
    ],
  },
  {
    name: 'Deliver results',
    summary: 'Focuses on the few things that matter and delivers them on time and with quality.',
    description:
      'Sets clear goals, removes obstacles, and gets results despite setbacks, without cutting corners that customers would notice.',
    anchors: [
      'Cannot point to a result they drove; explains misses with circumstances.',
      'Delivers what is assigned but not through setbacks.',
      'Delivered an important result through a real obstacle.',
      'Repeatedly delivered outsized results and can show how they chose what mattered.',
    ],
  },
];
