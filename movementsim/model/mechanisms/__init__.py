"""The model's mechanisms, one module each, in the order of the weekly schedule.

decisions, tasks, mobilization, impact, response, information, leadership,
accountability, care, membership: each is a set of vectorized functions over the
people's arrays (:class:`~movementsim.model.agents.People`) and the tie network, called
by :meth:`movementsim.model.model.MovementModel.step`. ``movementsim explain NAME``
explains one in plain words.
"""
